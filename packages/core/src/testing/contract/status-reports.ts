import { describe, expect, it } from 'vitest';
import type { NewStatusReport, StatusReportFilter, StatusReportRecord } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { newStatusReport } from '../fixtures.js';
import { eventLogContract } from './event-log.js';

export function statusReportContract(storage: () => Storage): void {
  const statusReports = () => storage().statusReports;

  eventLogContract({
    repository: statusReports,
    build: newStatusReport,
    nulls: { requestId: null, jobId: null },
    mutate: (value) => {
      value.status = 'Idle';
    },
  });

  describe('kinds', () => {
    it('stores a report of each kind with its own statuses', async () => {
      const reports: NewStatusReport[] = [
        newStatusReport({ kind: 'Diagnostics', status: 'UploadFailed', requestId: null }),
        newStatusReport({ kind: 'Firmware', status: 'InstallationFailed', requestId: null, jobId: null }),
        newStatusReport({ kind: 'Log', status: 'BadMessage', requestId: 0 }),
        newStatusReport({ kind: 'SignedFirmware', status: 'InvalidSignature', requestId: 2_147_483_647 }),
      ];
      const records: StatusReportRecord[] = [];
      for (const report of reports) records.push(await statusReports().add(report));
      expect(records).toStrictEqual(reports.map((report, index) => ({ ...report, id: records[index]?.id })));
      expect(await statusReports().list()).toStrictEqual([...records].reverse());
    });

    it('filters by kind, alone and together with a charge point and a limit', async () => {
      const a = await statusReports().add(newStatusReport({ chargePointId: 'CP001', kind: 'Firmware' }));
      const b = await statusReports().add(newStatusReport({ chargePointId: 'CP002', kind: 'Firmware' }));
      const c = await statusReports().add(newStatusReport({ chargePointId: 'CP001', kind: 'Log' }));
      const d = await statusReports().add(newStatusReport({ chargePointId: 'CP001', kind: 'Firmware' }));
      const ids = async (filter: StatusReportFilter) =>
        (await statusReports().list(filter)).map((record) => record.id);
      expect(await ids({ kind: 'Firmware' })).toStrictEqual([d.id, b.id, a.id]);
      expect(await ids({ kind: 'Log' })).toStrictEqual([c.id]);
      expect(await ids({ kind: 'Diagnostics' })).toStrictEqual([]);
      expect(await ids({ chargePointId: 'CP001', kind: 'Firmware' })).toStrictEqual([d.id, a.id]);
      expect(await ids({ chargePointId: 'CP001', kind: 'Firmware', limit: 1 })).toStrictEqual([d.id]);
      expect(await ids({ chargePointId: 'CP002', kind: 'Log' })).toStrictEqual([]);
    });
  });
}
