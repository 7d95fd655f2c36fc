import { runUnitOfWork } from '../storage/unit-of-work.js';
import { currentTime, nowIso } from '../time.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.2: stores everything the charge point says about itself and answers what
 * the boot policy decides. In an Accepted answer `interval` is the heartbeat interval;
 * in a Pending or Rejected one, the minimum wait before the next BootNotification.
 */
export const bootNotification: DefaultHandler<'BootNotification'> = async (
  { chargePointId, params, storage },
  { heartbeatIntervalSeconds, bootRetryIntervalSeconds, bootPolicy, followUps, clock },
) => {
  const chargePoint = await storage.chargePoints.get(chargePointId);
  const decision = await bootPolicy({ chargePointId, params, chargePoint });
  const at = nowIso(clock);
  await runUnitOfWork(storage, async (unit) => {
    await unit.chargePoints.recordBoot(chargePointId, {
      vendor: params.chargePointVendor,
      model: params.chargePointModel,
      chargePointSerialNumber: params.chargePointSerialNumber ?? null,
      chargeBoxSerialNumber: params.chargeBoxSerialNumber ?? null,
      firmwareVersion: params.firmwareVersion ?? null,
      iccid: params.iccid ?? null,
      imsi: params.imsi ?? null,
      meterType: params.meterType ?? null,
      meterSerialNumber: params.meterSerialNumber ?? null,
      registrationStatus: decision.status,
      at,
    });
    // A charge point waiting for the operator is listed as such until a decision is made.
    if (decision.status === 'Pending' && chargePoint?.admission == null) {
      await unit.chargePoints.setAdmission(chargePointId, 'Pending', at);
    }
  });
  if (decision.status === 'Pending') followUps.pendingBoot(chargePointId, params);
  const interval =
    decision.status === 'Accepted'
      ? heartbeatIntervalSeconds
      : (decision.interval ?? bootRetryIntervalSeconds);
  return { status: decision.status, currentTime: currentTime(clock), interval };
};
