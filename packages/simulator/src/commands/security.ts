import type { Response } from '@levity/core';
import type { Commands } from './command.js';
import { uploadFileName } from './firmware.js';

type CertificateIds = Response<'GetInstalledCertificateIds'>['certificateHashData'];

/** The security extension's certificate management (M03–M05, A02) and log upload (N01). */
export const securityCommands: Commands<
  'CertificateSigned' | 'InstallCertificate' | 'GetInstalledCertificateIds' | 'DeleteCertificate' | 'GetLog'
> = {
  /** A02: a chain that parses (and fits CertificateSignedMaxChainSize) becomes the charge point certificate. */
  CertificateSigned({ certificateChain }, rt) {
    const max = rt.state.configuration.integer('CertificateSignedMaxChainSize', Infinity);
    if (
      certificateChain.length <= max &&
      rt.state.certificates.installChargePointCertificate(certificateChain)
    ) {
      const leaf = rt.state.certificates.chargePointCertificate;
      if (leaf) rt.state.credentials.useSignedCertificate(certificateChain, leaf);
      return { status: 'Accepted' };
    }
    rt.later('reporting an invalid certificate', () =>
      rt.send('SecurityEventNotification', {
        type: 'InvalidChargePointCertificate',
        timestamp: rt.now().toISOString(),
      }),
    );
    return { status: 'Rejected' };
  },

  InstallCertificate({ certificateType, certificate }, rt) {
    const max = rt.state.configuration.integer('CertificateStoreMaxLength', Infinity);
    return { status: rt.state.certificates.install(certificateType, certificate, max) };
  },

  GetInstalledCertificateIds({ certificateType }, rt) {
    const ids = rt.state.certificates.ids(certificateType);
    if (ids.length === 0) return { status: 'NotFound' };
    return { status: 'Accepted', certificateHashData: ids as CertificateIds };
  },

  DeleteCertificate({ certificateHashData }, rt) {
    return { status: rt.state.certificates.delete(certificateHashData) };
  },

  /**
   * N01: the file name, then LogStatusNotification Uploading → Uploaded with the
   * requestId. A new request cancels an upload in progress (AcceptedCanceled).
   */
  GetLog({ logType, requestId, log }, rt) {
    if (!URL.canParse(log.remoteLocation)) return { status: 'Rejected' };
    const busy = rt.state.log.status === 'Uploading';
    const job = ++rt.state.jobs.log;
    const filename = uploadFileName(rt, logType === 'SecurityLog' ? 'security' : 'diagnostics');
    rt.later('a log upload', async () => {
      const notify = async (status: 'Uploading' | 'Uploaded') => {
        if (job !== rt.state.jobs.log) return;
        rt.state.log = status === 'Uploading' ? { status, requestId } : { status: 'Idle' };
        await rt.send('LogStatusNotification', { status, requestId });
      };
      await notify('Uploading');
      await rt.sleep(rt.options.timing.uploadStepMs);
      await notify('Uploaded');
    });
    return { status: busy ? 'AcceptedCanceled' : 'Accepted', filename };
  },
};
