import type { Request } from '@levity/core';
import type { Runtime } from '../runtime.js';
import { parseChain } from '../state/certificates.js';
import type { Commands } from './command.js';

type FirmwareStatus = Request<'FirmwareStatusNotification'>['status'];
type SignedFirmwareStatus = Request<'SignedFirmwareStatusNotification'>['status'];

/** A file name for an upload: no characters a file system would mind. */
export function uploadFileName(rt: Runtime, kind: string): string {
  const stamp = rt
    .now()
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${kind}-${rt.id.replaceAll(/[^\w.-]/g, '_')}-${stamp}.log`;
}

const isUrl = (location: string) => URL.canParse(location);

/** The version a firmware image at `location` installs: its file name without extension. */
function versionOf(location: string, previous: string): string {
  const name =
    new URL(location).pathname
      .split('/')
      .at(-1)
      ?.replace(/\.[^.]*$/, '') ?? '';
  return (name === '' ? `${previous}+1` : name).slice(0, 50);
}

/** Waits until an ISO date (now when it is past). */
async function until(rt: Runtime, date: string | undefined): Promise<void> {
  const wait = date === undefined ? 0 : Date.parse(date) - rt.now().getTime();
  if (wait > 0) await rt.sleep(wait);
}

/** The Firmware Management profile and the security extension's signed firmware update. */
export const firmwareCommands: Commands<'GetDiagnostics' | 'UpdateFirmware' | 'SignedUpdateFirmware'> = {
  /** §5.9: the file name, then DiagnosticsStatusNotification Uploading → Uploaded. No file for a bad location. */
  GetDiagnostics({ location }, rt) {
    if (!isUrl(location)) return {};
    const fileName = uploadFileName(rt, 'diagnostics');
    rt.later('a diagnostics upload', async () => {
      const notify = async (status: Request<'DiagnosticsStatusNotification'>['status']) => {
        rt.state.diagnostics.status = status === 'Uploading' ? status : 'Idle';
        await rt.send('DiagnosticsStatusNotification', { status });
      };
      await notify('Uploading');
      await rt.sleep(rt.options.timing.uploadStepMs);
      await notify('Uploaded');
    });
    return { fileName };
  },

  /**
   * §5.19: from retrieveDate, FirmwareStatusNotification Downloading → Downloaded →
   * Installing, a reboot (running transactions stop with reason Reboot), then Installed
   * and the new version in the next BootNotification.
   */
  UpdateFirmware({ location, retrieveDate }, rt) {
    rt.later('a firmware update', async () => {
      const notify = async (status: FirmwareStatus) => {
        rt.state.firmware.status = status === 'Installed' ? 'Idle' : status;
        await rt.send('FirmwareStatusNotification', { status });
      };
      await until(rt, retrieveDate);
      await notify('Downloading');
      await rt.sleep(rt.options.timing.firmwareStepMs);
      if (!isUrl(location)) return notify('DownloadFailed');
      await notify('Downloaded');
      await rt.sleep(rt.options.timing.firmwareStepMs);
      await notify('Installing');
      await rt.sleep(rt.options.timing.firmwareStepMs);
      rt.state.firmwareVersion = versionOf(location, rt.state.firmwareVersion);
      await rt.lifecycle.reboot('Hard', 'Reboot');
      await notify('Installed');
    });
    return {};
  },

  /**
   * Security extension L01: InvalidCertificate when the signing certificate does not
   * parse (with a SecurityEventNotification); otherwise Accepted (AcceptedCanceled when
   * it cancels an update in progress) and SignedFirmwareStatusNotification Downloading →
   * Downloaded → SignatureVerified → (InstallScheduled →) Installing → InstallRebooting →
   * Installed, each with the requestId.
   */
  SignedUpdateFirmware({ requestId, firmware }, rt) {
    if (!parseChain(firmware.signingCertificate)) {
      rt.later('reporting an invalid signing certificate', () =>
        rt.send('SecurityEventNotification', {
          type: 'InvalidFirmwareSigningCertificate',
          timestamp: rt.now().toISOString(),
        }),
      );
      return { status: 'InvalidCertificate' };
    }
    const busy = !['Idle', 'Installed', 'DownloadFailed', 'InstallationFailed'].includes(
      rt.state.signedFirmware.status,
    );
    const job = ++rt.state.jobs.signedFirmware;
    rt.later('a signed firmware update', async () => {
      const notify = async (status: SignedFirmwareStatus) => {
        if (job !== rt.state.jobs.signedFirmware)
          throw new Error('cancelled by a newer SignedUpdateFirmware');
        rt.state.signedFirmware = status === 'Installed' ? { status: 'Idle' } : { status, requestId };
        await rt.send('SignedFirmwareStatusNotification', { status, requestId });
      };
      const step = () => rt.sleep(rt.options.timing.firmwareStepMs);
      await until(rt, firmware.retrieveDateTime);
      await notify('Downloading');
      await step();
      await notify('Downloaded');
      await step();
      await notify('SignatureVerified');
      if (firmware.installDateTime && Date.parse(firmware.installDateTime) > rt.now().getTime()) {
        await notify('InstallScheduled');
        await until(rt, firmware.installDateTime);
      }
      await notify('Installing');
      await step();
      await notify('InstallRebooting');
      rt.state.firmwareVersion = versionOf(firmware.location, rt.state.firmwareVersion);
      await rt.lifecycle.reboot('Hard', 'Reboot');
      await notify('Installed');
    });
    return { status: busy ? 'AcceptedCanceled' : 'Accepted' };
  },
};
