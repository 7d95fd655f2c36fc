import { currentTime, nowIso } from '../time.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.2: stores everything the charge point says about itself and accepts it.
 * In an Accepted answer `interval` is the heartbeat interval.
 */
export const bootNotification: DefaultHandler<'BootNotification'> = async (
  { chargePointId, params, storage },
  { heartbeatIntervalSeconds, clock },
) => {
  await storage.chargePoints.recordBoot(chargePointId, {
    vendor: params.chargePointVendor,
    model: params.chargePointModel,
    chargePointSerialNumber: params.chargePointSerialNumber ?? null,
    chargeBoxSerialNumber: params.chargeBoxSerialNumber ?? null,
    firmwareVersion: params.firmwareVersion ?? null,
    iccid: params.iccid ?? null,
    imsi: params.imsi ?? null,
    meterType: params.meterType ?? null,
    meterSerialNumber: params.meterSerialNumber ?? null,
    registrationStatus: 'Accepted',
    at: nowIso(clock),
  });
  return { status: 'Accepted', currentTime: currentTime(clock), interval: heartbeatIntervalSeconds };
};
