/**
 * Signs a charge point's CSR (security extension, SignCertificate) and returns the
 * PEM certificate chain that Levity sends back with CertificateSigned. Without a
 * signer, SignCertificate is answered Rejected.
 *
 * @example
 * const cs = createCentralSystem({ certificateSigner: async ({ csr }) => myCa.sign(csr) });
 */
export type CertificateSigner = (request: { chargePointId: string; csr: string }) => Promise<string>;
