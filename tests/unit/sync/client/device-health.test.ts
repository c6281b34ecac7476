/** When a device writes a new health report, and what the server's Date header says of its clock. */
import { describe, expect, it } from 'vitest';
import {
  HEALTH_MIN_GAP_MS,
  HEALTH_REFRESH_MS,
  healthDoc,
  shouldWriteHealth,
  type HealthReading,
} from '#client/device-health.ts';
import { clockOffsetFromDate } from '#client/server-clock.ts';

const T0 = 1_795_840_000_000;
const reading = (over: Partial<HealthReading> = {}): HealthReading => ({
  deviceId: 'd1',
  stationId: 's1',
  role: 'kiosk',
  appVersion: '1.0.0',
  printer: { kind: 'network', printer: '10.0.0.9:9100', reachable: true, paper: 'ok', problem: null },
  sync: { connection: 'online', lastSyncedAt: T0, pending: 0, lastError: null },
  outbox: 0,
  clockOffsetMs: 300,
  storageFreeBytes: 1e9,
  now: T0,
  ...over,
});

describe('device health report', () => {
  const first = healthDoc(reading());

  it('is written first, then not again for a sync round trip alone', () => {
    expect(shouldWriteHealth(null, first)).toBe(true);
    const synced = healthDoc(reading({ now: T0 + 60_000, sync: { ...reading().sync, lastSyncedAt: T0 + 59_000 } }));
    expect(shouldWriteHealth(first, synced)).toBe(false);
  });

  it('is written soon after the printer goes off, but not twice within the minimum gap', () => {
    const off = (now: number) =>
      healthDoc(
        reading({
          now,
          printer: {
            kind: 'network',
            printer: '10.0.0.9:9100',
            reachable: false,
            paper: 'unknown',
            problem: { code: 'printer_unreachable' },
          },
        }),
      );
    expect(shouldWriteHealth(first, off(T0 + HEALTH_MIN_GAP_MS - 1))).toBe(false);
    expect(shouldWriteHealth(first, off(T0 + HEALTH_MIN_GAP_MS))).toBe(true);
    expect(off(T0).printer).toEqual({
      kind: 'network',
      printer: '10.0.0.9:9100',
      reachable: false,
      paper: 'unknown',
      problem: 'printer_unreachable',
    });
  });

  it('is refreshed when old, and when the device clock went back', () => {
    expect(shouldWriteHealth(first, healthDoc(reading({ now: T0 + HEALTH_REFRESH_MS })))).toBe(true);
    expect(shouldWriteHealth(first, healthDoc(reading({ now: T0 - 1000 })))).toBe(true);
  });

  it('leaves out what is not known instead of writing nulls', () => {
    const doc = healthDoc(
      reading({
        printer: { kind: 'none', printer: '', reachable: null, paper: 'unknown', problem: null },
        sync: { connection: 'connecting', lastSyncedAt: null, pending: 0, lastError: null },
        clockOffsetMs: null,
        storageFreeBytes: null,
      }),
    );
    expect(Object.keys(doc).sort()).toEqual([
      'appVersion',
      'deviceId',
      'id',
      'outbox',
      'printer',
      'role',
      'stationId',
      'updatedAt',
    ]);
    expect(doc.printer).toEqual({ kind: 'none', printer: '', paper: 'unknown' });
  });
});

describe('clock offset from the Date header', () => {
  it('is the server time (mid-second) minus the middle of the round trip', () => {
    const server = Date.UTC(2026, 11, 1, 8, 0, 0);
    const header = new Date(server).toUTCString();
    // Device clock 5 minutes slow.
    const sent = server - 300_000;
    expect(clockOffsetFromDate(header, sent, sent + 200)).toBe(300_000 + 500 - 100);
  });

  it('is null without a usable header', () => {
    expect(clockOffsetFromDate(null, 0, 1)).toBeNull();
    expect(clockOffsetFromDate('yesterday', 0, 1)).toBeNull();
  });
});
