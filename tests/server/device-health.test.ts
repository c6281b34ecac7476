/**
 * Device-health reports at the district, with real pushes on both drivers: a device
 * writes and replaces its own report; it cannot write another device's, claim
 * another role, write into another station or delete a report; refusals change
 * nothing and are recorded.
 */
import { expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { DeviceHealthDoc } from '#protocol/schemas.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { useTestApp, type Wire } from './helpers/fixtures.ts';

function report(device: EnrolResponse, overrides: Partial<Wire<DeviceHealthDoc>> = {}): Wire<DeviceHealthDoc> {
  return {
    id: device.deviceId,
    stationId: device.stationId,
    deviceId: device.deviceId,
    role: device.role,
    appVersion: '1.4.0',
    printer: { kind: 'network', printer: '10.0.0.9:9100', reachable: true, paper: 'ok' },
    outbox: 0,
    lastSyncedAt: 1_795_840_000_000,
    clockOffsetMs: 1200,
    storageFreeBytes: 2_000_000_000,
    updatedAt: 1_795_840_000_000,
    _deleted: false,
    ...overrides,
  };
}

describeEachDriver('device health', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    return {
      kiosk: await ctx.enrol('s1', { role: 'kiosk' }),
      display: await ctx.enrol('s1', { role: 'display' }),
      other: await ctx.enrol('s2', { role: 'counter' }),
    };
  };

  it('a device writes its own report and replaces it; its station reads it, other stations do not', async () => {
    const { kiosk, display, other } = await setup();
    const first = report(kiosk);
    expect((await ctx.pushReport(kiosk, 'deviceHealth', [{ newDocumentState: first }])).refused).toEqual([]);
    const out = report(kiosk, {
      printer: {
        kind: 'network',
        printer: '10.0.0.9:9100',
        reachable: false,
        paper: 'unknown',
        problem: 'printer_unreachable',
      },
      updatedAt: first.updatedAt + 60_000,
    });
    const second = await ctx.pushReport(kiosk, 'deviceHealth', [{ assumedMasterState: first, newDocumentState: out }]);
    expect(second).toEqual({ conflicts: [], refused: [] });
    // A display writes nothing a resident could, but its own health it does report.
    expect((await ctx.pushReport(display, 'deviceHealth', [{ newDocumentState: report(display) }])).refused).toEqual(
      [],
    );

    const seen = (await ctx.pull(display, 'deviceHealth')).documents;
    expect(seen.find((d) => d.id === kiosk.deviceId)).toMatchObject({
      printer: { reachable: false, problem: 'printer_unreachable' },
    });
    expect(seen).toHaveLength(2);
    expect((await ctx.pull(other, 'deviceHealth')).documents).toEqual([]);
  });

  it("refuses another device's report, a claimed role, another station and deletion, changing nothing", async () => {
    const { kiosk, display, other } = await setup();
    expect((await ctx.pushReport(kiosk, 'deviceHealth', [{ newDocumentState: report(kiosk) }])).refused).toEqual([]);
    const before = await ctx.snapshot();
    const stored = report(kiosk);
    const attempts: [EnrolResponse, Wire<DeviceHealthDoc> | undefined, Wire<DeviceHealthDoc>, string][] = [
      // The display speaks for the kiosk ("its printer is fine"), having seen the kiosk's report.
      [display, stored, { ...stored, deviceId: display.deviceId }, 'wrong_device'],
      [
        display,
        stored,
        { ...stored, printer: { kind: 'network', printer: 'x', reachable: true, paper: 'ok' } },
        'wrong_device',
      ],
      // A report under an id that is not its own device's.
      [display, undefined, report(display, { id: 'somebody-else' }), 'wrong_device'],
      [display, undefined, report(display, { role: 'counter' }), 'state_mismatch'],
      [other, undefined, report(other, { stationId: 's1' }), 'wrong_station'],
    ];
    for (const [device, assumed, doc, code] of attempts) {
      const row = assumed ? { assumedMasterState: assumed, newDocumentState: doc } : { newDocumentState: doc };
      const { refused, conflicts } = await ctx.pushReport(device, 'deviceHealth', [row]);
      expect({ refused: refused.map((r) => r.code), conflicts }, JSON.stringify(doc)).toEqual({
        refused: [code],
        conflicts: [],
      });
    }
    const deleted = await ctx.pushReport(kiosk, 'deviceHealth', [
      { assumedMasterState: report(kiosk), newDocumentState: { ...report(kiosk), _deleted: true } },
    ]);
    expect(deleted.refused.map((r) => r.code)).toEqual(['deletion_forbidden']);
    const after = await ctx.snapshot();
    expect(after.device_health).toEqual(before.device_health);
    const rules = await ctx.repo.db.query<{ rule: string }>(
      `SELECT rule FROM write_refusals WHERE collection = 'deviceHealth' ORDER BY id`,
    );
    expect(rules.map((r) => r.rule)).toEqual([
      'wrong_device',
      'wrong_device',
      'wrong_device',
      'state_mismatch',
      'wrong_station',
      'deletion_forbidden',
    ]);
  });

  it('refuses a report that breaks the schema with a 400', async () => {
    const { kiosk } = await setup();
    const res = await ctx.push(kiosk, 'deviceHealth', [{ newDocumentState: { ...report(kiosk), outbox: -1 } }]);
    expect(res.statusCode).toBe(400);
  });
});
