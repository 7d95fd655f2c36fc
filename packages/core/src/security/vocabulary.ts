/** Every security profile, lowest first (see `SecurityProfile`). */
export const SECURITY_PROFILES = [0, 1, 2, 3] as const;

/** Every reason an upgrade can be refused for (see `ConnectionRefusalReason`). */
export const CONNECTION_REFUSAL_REASONS = [
  'MissingCredentials',
  'InvalidCredentials',
  'UnknownChargePoint',
  'TlsRequired',
  'ClientCertificateRequired',
  'InvalidClientCertificate',
] as const;
