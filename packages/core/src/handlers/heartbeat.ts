import { currentTime } from '../time.js';
import type { DefaultHandler } from './handler.js';

/** OCPP 1.6 §4.6: records the heartbeat and answers the time, which chargers use to set their clock. */
export const heartbeat: DefaultHandler<'Heartbeat'> = async (
  { chargePointId, storage, receivedAt },
  { clock },
) => {
  await storage.chargePoints.recordHeartbeat(chargePointId, receivedAt);
  return { currentTime: currentTime(clock) };
};
