import type { JsonValue } from '@levity/core';

/** A JSON value as the text a json column is given (pg would turn an array into a PostgreSQL array). */
export function toJsonText(value: JsonValue): string {
  return JSON.stringify(value);
}
