import type { JsonValue } from '@levity/core';
import type { JsonText } from '../schema.js';

/** A JSON value as its column stores it. */
export function toJsonText(value: JsonValue): JsonText {
  return JSON.stringify(value);
}

/** A JSON column's text as the value it stores. */
export function fromJsonText(text: JsonText): JsonValue {
  return JSON.parse(text) as JsonValue;
}
