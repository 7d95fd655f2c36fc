// Just enough DER (ITU-T X.690) to hash the parts of a certificate that OCPP names and
// to write a PKCS#10 certificate signing request.

/** One tag-length-value element: `start`..`end` covers it whole, `body` its contents. */
export interface Element {
  readonly tag: number;
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

export function readElement(der: Uint8Array, start: number): Element {
  const tag = der[start] ?? 0;
  let length = der[start + 1] ?? 0;
  let body = start + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[body + i] ?? 0);
    body += octets;
  }
  const end = body + length;
  if (end > der.length) throw new RangeError('DER element runs past the end of its buffer');
  return { tag, start, body, end };
}

export function childrenOf(der: Uint8Array, parent: Element): Element[] {
  const children: Element[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const child = readElement(der, at);
    children.push(child);
    at = child.end;
  }
  return children;
}

function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encode(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

export const sequence = (...contents: Uint8Array[]) => encode(0x30, ...contents);
export const set = (...contents: Uint8Array[]) => encode(0x31, ...contents);
export const utf8 = (text: string) => encode(0x0c, Buffer.from(text, 'utf8'));
export const bitString = (bytes: Uint8Array) => encode(0x03, Buffer.from([0]), bytes);
export const smallInteger = (value: number) => encode(0x02, Buffer.from([value]));

export function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      base128.unshift(0x80 | (value & 0x7f));
    }
    bytes.push(...base128);
  }
  return encode(0x06, Buffer.from(bytes));
}
