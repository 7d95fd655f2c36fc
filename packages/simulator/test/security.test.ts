import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';
import { fixture } from './support/commands.js';

describe('certificate management', () => {
  it('installs, lists and deletes root certificates', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-CERT');
    const cp = bed.cs.chargePoint('CP-CERT');
    expect(
      await cp.call('GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' }),
    ).toEqual({
      status: 'NotFound',
    });
    expect(
      await cp.call('InstallCertificate', {
        certificateType: 'CentralSystemRootCertificate',
        certificate: fixture('root-ca.pem'),
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await cp.call('InstallCertificate', {
        certificateType: 'ManufacturerRootCertificate',
        certificate: fixture('manufacturer-ca.pem'),
      }),
    ).toEqual({ status: 'Accepted' });
    const ids = await cp.call('GetInstalledCertificateIds', {
      certificateType: 'CentralSystemRootCertificate',
    });
    expect(ids).toEqual({
      status: 'Accepted',
      certificateHashData: [
        {
          hashAlgorithm: 'SHA256',
          issuerNameHash: '8a8d420bf42f6a209051c5f4a7090cacfe17126b7fd2717a31d794ef2265e778',
          issuerKeyHash: 'd8acb547bdd24f87ea65f2766f18c52d754b0c6dbb4ac206f0de008e33b79f72',
          serialNumber: '78275617e67d33065b2f0c69d9c50936f813a477',
        },
      ],
    });
    const [hash] = ids.certificateHashData ?? [];
    if (!hash) throw new Error('no hash data');
    expect(await cp.call('DeleteCertificate', { certificateHashData: hash })).toEqual({ status: 'Accepted' });
    expect(await cp.call('DeleteCertificate', { certificateHashData: hash })).toEqual({ status: 'NotFound' });
    expect(
      (await cp.call('GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' }))
        .status,
    ).toBe('Accepted');
  });

  it('rejects a certificate that does not parse', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-CERT2');
    expect(
      await bed.cs.chargePoint('CP-CERT2').call('InstallCertificate', {
        certificateType: 'ManufacturerRootCertificate',
        certificate: '-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----',
      }),
    ).toEqual({ status: 'Rejected' });
  });

  it('CertificateSigned installs a chain that parses and rejects one that does not, with a security event', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-CERT3');
    const cp = bed.cs.chargePoint('CP-CERT3');
    expect(await cp.call('CertificateSigned', { certificateChain: 'garbage' })).toEqual({
      status: 'Rejected',
    });
    await eventually(async () =>
      expect(
        (await bed.storage.securityEvents.list({ chargePointId: 'CP-CERT3' })).map((e) => e.type),
      ).toEqual(['InvalidChargePointCertificate']),
    );
    expect(
      await cp.call('CertificateSigned', { certificateChain: fixture('charge-point-chain.pem') }),
    ).toEqual({
      status: 'Accepted',
    });
    expect(sim.state.certificates.chargePointCertificate?.issuer).toContain('CN=Levity Test Root');
  });
});
