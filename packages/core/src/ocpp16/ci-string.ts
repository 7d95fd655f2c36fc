/**
 * OCPP's CiString types compare case-insensitively. Only ASCII letters are folded, as
 * SQLite's NOCASE does, so every storage and every comparison in core agree.
 */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
