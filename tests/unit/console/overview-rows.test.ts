/** The overview's rows: bands against the district's thresholds, the critical list on top with since-when, sorting. */
import { describe, expect, it } from 'vitest';
import type { OverviewStation } from '#protocol/console-api.ts';
import { criticalRows, overviewRow, sortRows } from '#console/screens/overview-rows.ts';

const NOW = 1_795_840_000_000;
const MIN = 60_000;

function station(id: string, queues: [string, number, number | null][], over: Partial<OverviewStation> = {}) {
  return {
    id,
    name: id,
    street: '花木街道',
    queues: queues.map(([letter, waiting, waitedMin]) => ({
      letter,
      waiting,
      oldestWaitingAt: waitedMin === null ? null : NOW - waitedMin * MIN,
    })),
    servedToday: 0,
    countersOpen: 0,
    deviceLastSeen: [],
    printerFaults: 0,
    hub: null,
    ...over,
  } satisfies OverviewStation;
}

const DEFAULTS = [{ queue: '', warningMinutes: 20, criticalMinutes: 40 }];

describe('overview rows', () => {
  it('colours a station by its worst queue, with per-queue bands over the default', () => {
    const s = station('s1', [
      ['A', 3, 25],
      ['B', 1, 12],
    ]);
    expect(overviewRow(s, DEFAULTS, NOW)).toMatchObject({ waiting: 4, longestWaitMs: 25 * MIN, band: 'warning' });
    const strictB = [...DEFAULTS, { queue: 'B', warningMinutes: 5, criticalMinutes: 10 }];
    const row = overviewRow(s, strictB, NOW);
    expect(row).toMatchObject({ band: 'critical', criticalQueues: ['B'], criticalSince: NOW - 2 * MIN });
    expect(overviewRow(station('s2', []), DEFAULTS, NOW)).toMatchObject({ band: 'ok', longestWaitMs: null });
  });

  it('lists critical stations longest-over first, and counts devices online by the window', () => {
    const rows = [
      station('late', [['A', 1, 45]]),
      station('early', [['A', 1, 70]]),
      station('fine', [['A', 1, 5]], { deviceLastSeen: [NOW - MIN, NOW - 3 * 3_600_000, null] }),
    ].map((s) => overviewRow(s, DEFAULTS, NOW));
    expect(criticalRows(rows).map((r) => r.station.id)).toEqual(['early', 'late']);
    expect(rows[2]).toMatchObject({ devicesOnline: 1, devicesOffline: 2, lastSyncAt: NOW - MIN });
  });

  it('sorts by any column either way, ties by station id', () => {
    const rows = [
      station('b', [['A', 2, 1]], { servedToday: 5 }),
      station('a', [['A', 7, 1]], { servedToday: 5 }),
      station('c', [], { servedToday: 9 }),
    ].map((s) => overviewRow(s, DEFAULTS, NOW));
    expect(sortRows(rows, 'waiting', true, 'en').map((r) => r.station.id)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, 'served', false, 'en').map((r) => r.station.id)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, 'served', true, 'en').map((r) => r.station.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'name', false, 'en').map((r) => r.station.id)).toEqual(['a', 'b', 'c']);
  });

  it('sorts by hub: up from stations without one, then hubs never heard from, then the longest unheard', () => {
    const rows = [
      station('none', []),
      station('recent', [], { hub: { lastContactAt: NOW - MIN, waiting: 0 } }),
      station('never', [], { hub: { lastContactAt: null, waiting: null } }),
      station('stale', [], { hub: { lastContactAt: NOW - 90 * MIN, waiting: 12 } }),
    ].map((s) => overviewRow(s, DEFAULTS, NOW));
    expect(sortRows(rows, 'hub', false, 'en').map((r) => r.station.id)).toEqual(['none', 'never', 'stale', 'recent']);
  });
});
