/**
 * The overview table's rows from what the server sent: waits and bands worked out
 * against the page's clock (corrected to the server's), so a row turns critical
 * while nobody pushes anything; sorting by any column; the critical list on top.
 */
import { DEVICE_ONLINE_WINDOW_MS, type OverviewStation } from '#protocol/console-api.ts';
import {
  bandOf,
  criticalAt,
  thresholdFor,
  worseBand,
  type WaitBand,
  type WaitThreshold,
} from '#protocol/wait-bands.ts';

export interface OverviewRow {
  station: OverviewStation;
  waiting: number;
  /** ms the longest-waiting ticket has waited; null when nobody waits. */
  longestWaitMs: number | null;
  band: WaitBand;
  /** When the station went over a queue's critical wait (earliest queue), null when it is not over. */
  criticalSince: number | null;
  /** Queues over critical, by letter. */
  criticalQueues: string[];
  devicesOnline: number;
  devicesOffline: number;
  lastSyncAt: number | null;
}

export const SORT_KEYS = [
  'name',
  'street',
  'waiting',
  'longestWait',
  'served',
  'counters',
  'online',
  'offline',
  'lastSync',
  'printerFaults',
  'hub',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function overviewRow(station: OverviewStation, thresholds: readonly WaitThreshold[], now: number): OverviewRow {
  let band: WaitBand = 'ok';
  let waiting = 0;
  let oldest: number | null = null;
  let criticalSince: number | null = null;
  const criticalQueues: string[] = [];
  for (const q of station.queues) {
    waiting += q.waiting;
    if (q.oldestWaitingAt === null) continue;
    oldest = oldest === null ? q.oldestWaitingAt : Math.min(oldest, q.oldestWaitingAt);
    const threshold = thresholdFor(thresholds, q.letter);
    const queueBand = bandOf(q.oldestWaitingAt, now, threshold);
    band = worseBand(band, queueBand);
    if (queueBand === 'critical') {
      criticalQueues.push(q.letter);
      const since = criticalAt(q.oldestWaitingAt, threshold);
      criticalSince = criticalSince === null ? since : Math.min(criticalSince, since);
    }
  }
  const seen = station.deviceLastSeen;
  const online = seen.filter((t) => t !== null && now - t < DEVICE_ONLINE_WINDOW_MS).length;
  const synced = seen.filter((t): t is number => t !== null);
  return {
    station,
    waiting,
    longestWaitMs: oldest === null ? null : Math.max(0, now - oldest),
    band,
    criticalSince,
    criticalQueues,
    devicesOnline: online,
    devicesOffline: seen.length - online,
    lastSyncAt: synced.length > 0 ? Math.max(...synced) : null,
  };
}

function sortValue(row: OverviewRow, key: SortKey, lang: string): number | string {
  switch (key) {
    case 'name':
      return row.station.name.toLocaleLowerCase(lang);
    case 'street':
      return row.station.street.toLocaleLowerCase(lang);
    case 'waiting':
      return row.waiting;
    case 'longestWait':
      return row.longestWaitMs ?? -1;
    case 'served':
      return row.station.servedToday;
    case 'counters':
      return row.station.countersOpen;
    case 'online':
      return row.devicesOnline;
    case 'offline':
      return row.devicesOffline;
    case 'lastSync':
      return row.lastSyncAt ?? -1;
    case 'printerFaults':
      return row.station.printerFaults;
    case 'hub':
      // Stations without a hub last, then the hub heard from longest ago.
      return row.station.hub === null ? -2 : (row.station.hub.lastContactAt ?? -1);
  }
}

/** Rows sorted by `key` (ties by station id, so the order never jumps between updates). */
export function sortRows(rows: readonly OverviewRow[], key: SortKey, descending: boolean, lang: string): OverviewRow[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key, lang);
    const y = sortValue(b, key, lang);
    const order = typeof x === 'string' ? x.localeCompare(String(y), lang) : x - (y as number);
    return (descending ? -order : order) || a.station.id.localeCompare(b.station.id);
  });
}

/** Stations over critical, the longest over first: the list above the table. */
export function criticalRows(rows: readonly OverviewRow[]): OverviewRow[] {
  return rows
    .filter((r) => r.criticalSince !== null)
    .sort((a, b) => a.criticalSince! - b.criticalSince! || a.station.id.localeCompare(b.station.id));
}
