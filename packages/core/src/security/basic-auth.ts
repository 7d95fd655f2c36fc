/**
 * The password of an HTTP Basic `Authorization` header whose user is `chargePointId`,
 * or `undefined`. As tolerant as ocpp-rpc's own parser: the scheme in any case, the id
 * may contain colons (the user is matched as the known id plus ':', not split at the
 * first colon, RFC 7617 notwithstanding), and the password may be any bytes (the
 * whitepaper advises random binary keys).
 *
 * @example
 * basicAuthPassword(`Basic ${Buffer.from('CP:001:secret').toString('base64')}`, 'CP:001'); // Buffer 'secret'
 */
export function basicAuthPassword(header: string | undefined, chargePointId: string): Buffer | undefined {
  if (header === undefined) return undefined;
  const match = /^ *basic +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64');
  const user = Buffer.from(`${chargePointId}:`, 'utf8');
  if (decoded.length < user.length || !decoded.subarray(0, user.length).equals(user)) return undefined;
  return decoded.subarray(user.length);
}
