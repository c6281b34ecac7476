/**
 * The reads behind the console's live overview and device-health screens, and the
 * district's waiting-time bands (migration 008).
 *
 * The overview reads only each station's current day, from the short row per
 * ticket that migration 019's triggers keep as tickets change (station, day,
 * queue, status, issue and call times, counter), through its (station, day)
 * index. So a load reads today's tickets, not the history, and decodes no JSON
 * document. Tombstoned tickets count nowhere: neither waiting nor served.
 * A station's day is its own local day (utcOffsetMinutes of its document; Shanghai's
 * +8 h when it has none yet), computed in SQL from the database clock.
 */
import type { DeviceHealthRow, OverviewQueue, OverviewStation } from '#protocol/console-api.ts';
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { DeviceHealthDoc } from '#protocol/schemas.ts';
import type { WaitThreshold } from '#protocol/wait-bands.ts';
import type { Queryable } from '#server/db/db.ts';
import { toIso, toNumber } from './rows.ts';

/** A counter that called a ticket this recently still counts as open, though idle now. */
const COUNTER_OPEN_WINDOW_MS = 30 * 60_000;

/** Stations with their current local day; `$1` is the street filter (null: all). */
const STATION_DAYS = `
  SELECT s.id, s.name, s.street,
         to_char(now() AT TIME ZONE 'UTC' + make_interval(mins => coalesce((d.doc->>'utcOffsetMinutes')::int, 480)),
                 'YYYY-MM-DD') AS today
  FROM stations s LEFT JOIN station_docs d ON d.id = s.id AND NOT d.deleted
  WHERE ($1::text IS NULL OR s.street = $1) AND ($2::text[] IS NULL OR s.id = ANY($2))`;

interface StationSql {
  id: string;
  name: string;
  street: string;
}
interface QueueSql {
  station_id: string;
  queue: string;
  waiting: unknown;
  oldest: unknown;
}
interface DaySql {
  station_id: string;
  served: unknown;
  counters: unknown;
}
interface DeviceSql {
  station_id: string;
  last_seen: unknown;
  printer_fault: boolean;
  hub: boolean;
  outbox: unknown;
}

export interface OverviewFilter {
  /** Only this street's stations (a supervisor's scope); null: every street. */
  street: string | null;
  /** Only these stations; null: all (of the street). */
  stationIds?: readonly string[] | null;
}

/** Every station of the filter, with today's queues, served count, counters, devices and printer faults. */
export async function readOverview(q: Queryable, filter: OverviewFilter, now: number): Promise<OverviewStation[]> {
  const params = [filter.street, filter.stationIds ? [...filter.stationIds] : null];
  const [stations, queues, days, devices] = await Promise.all([
    q.query<StationSql>(`SELECT id, name, street FROM (${STATION_DAYS}) st ORDER BY id`, params),
    // From migration 019's short row per ticket (no JSON). LATERAL: one index lookup per station and
    // its own day; a plain join on the computed day lets the planner scan every row. A queue shows
    // while it has open tickets.
    q.query<QueueSql>(
      `SELECT st.id AS station_id, x.queue, x.waiting, x.oldest
       FROM (${STATION_DAYS}) st
       CROSS JOIN LATERAL (
         SELECT o.queue, count(*) FILTER (WHERE o.status = 'waiting') AS waiting,
                min(o.issued_at) FILTER (WHERE o.status = 'waiting') AS oldest
         FROM overview_tickets o
         WHERE o.station_id = st.id AND o.day = st.today AND o.status IN ('waiting', 'called', 'serving')
         GROUP BY 1
       ) x
       ORDER BY 1, 2`,
      params,
    ),
    // A counter is open while it has a ticket called or being served, or called one within the window.
    q.query<DaySql>(
      `SELECT st.id AS station_id, x.served, x.counters
       FROM (${STATION_DAYS}) st
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE o.status = 'done') AS served,
                count(DISTINCT o.counter) FILTER (
                  WHERE o.status IN ('called', 'serving') OR o.called_at >= $3
                ) AS counters
         FROM overview_tickets o
         WHERE o.station_id = st.id AND o.day = st.today
       ) x`,
      [...params, now - COUNTER_OPEN_WINDOW_MS],
    ),
    q.query<DeviceSql>(
      `SELECT d.station_id, (extract(epoch FROM d.last_seen_at) * 1000)::bigint AS last_seen,
              coalesce(h.doc->'printer'->>'paper' = 'out' OR h.doc->'printer'->>'reachable' = 'false'
                       OR h.doc->'printer' ? 'problem', false) AS printer_fault,
              d.hub, CASE WHEN jsonb_typeof(h.doc->'outbox') = 'number' THEN (h.doc->>'outbox')::bigint END AS outbox
       FROM (${STATION_DAYS}) st
       JOIN devices d ON d.station_id = st.id AND d.revoked_at IS NULL
       LEFT JOIN device_health h ON h.id = d.id AND NOT h.deleted
       ORDER BY d.station_id, d.id`,
      params,
    ),
  ]);
  const byStation = new Map<string, OverviewStation>(
    stations.map((s) => [
      s.id,
      {
        id: s.id,
        name: s.name,
        street: s.street,
        queues: [] as OverviewQueue[],
        servedToday: 0,
        countersOpen: 0,
        deviceLastSeen: [] as (number | null)[],
        printerFaults: 0,
        hub: null,
      },
    ]),
  );
  for (const row of queues) {
    byStation.get(row.station_id)?.queues.push({
      letter: row.queue,
      waiting: toNumber(row.waiting),
      oldestWaitingAt: row.oldest === null ? null : toNumber(row.oldest),
    });
  }
  for (const row of days) {
    const station = byStation.get(row.station_id);
    if (!station) continue;
    station.servedToday = toNumber(row.served);
    station.countersOpen = toNumber(row.counters);
  }
  for (const row of devices) {
    const station = byStation.get(row.station_id);
    if (!station) continue;
    station.deviceLastSeen.push(row.last_seen === null ? null : toNumber(row.last_seen));
    if (row.printer_fault) station.printerFaults++;
    // A hub calls the district for its whole station; its health report's outbox is what it still holds.
    if (row.hub)
      station.hub = {
        lastContactAt: row.last_seen === null ? null : toNumber(row.last_seen),
        waiting: row.outbox === null ? null : toNumber(row.outbox),
      };
  }
  return [...byStation.values()];
}

interface ThresholdSql {
  queue: string;
  warning_minutes: number;
  critical_minutes: number;
}

export async function readThresholds(q: Queryable): Promise<WaitThreshold[]> {
  const rows = await q.query<ThresholdSql>(
    'SELECT queue, warning_minutes, critical_minutes FROM wait_thresholds ORDER BY queue',
  );
  return rows.map((r) => ({ queue: r.queue, warningMinutes: r.warning_minutes, criticalMinutes: r.critical_minutes }));
}

/** Replaces every threshold with `list` (which must hold the default row ''). */
export async function replaceThresholds(q: Queryable, list: readonly WaitThreshold[]): Promise<WaitThreshold[]> {
  await q.query('DELETE FROM wait_thresholds');
  for (const t of list) {
    await q.query('INSERT INTO wait_thresholds (queue, warning_minutes, critical_minutes) VALUES ($1, $2, $3)', [
      t.queue,
      t.warningMinutes,
      t.criticalMinutes,
    ]);
  }
  return readThresholds(q);
}

export interface DeviceHealthFilter {
  street: string | null;
  stationId?: string;
  /** Only devices whose printer is out of paper now. */
  paperOut?: boolean;
  /** Only devices the district has not heard from since this time (epoch ms), or never. */
  notSeenSince?: number;
  limit: number;
  offset: number;
}

interface HealthSql {
  id: string;
  name: string;
  role: DeviceRole;
  station_id: string;
  station_name: string;
  street: string;
  last_seen_at: unknown;
  doc: DeviceHealthDoc | null;
  total: unknown;
}

/** Active devices with their reports, worst first: printer faults, then the longest unheard. */
export async function readDeviceHealth(
  q: Queryable,
  f: DeviceHealthFilter,
): Promise<{ total: number; items: DeviceHealthRow[] }> {
  const rows = await q.query<HealthSql>(
    `SELECT d.id, d.name, d.role, d.station_id, s.name AS station_name, s.street, d.last_seen_at,
            h.doc, count(*) OVER () AS total
     FROM devices d
     JOIN stations s ON s.id = d.station_id
     LEFT JOIN device_health h ON h.id = d.id AND NOT h.deleted
     WHERE d.revoked_at IS NULL
       AND ($1::text IS NULL OR s.street = $1)
       AND ($2::text IS NULL OR d.station_id = $2)
       AND (NOT $3::boolean OR h.doc->'printer'->>'paper' = 'out')
       AND ($4::bigint IS NULL OR d.last_seen_at IS NULL OR d.last_seen_at < to_timestamp($4::bigint / 1000.0))
     ORDER BY (h.doc->'printer'->>'paper' = 'out' OR h.doc->'printer'->>'reachable' = 'false'
               OR coalesce(h.doc->'printer' ? 'problem', false)) DESC NULLS LAST,
              d.last_seen_at ASC NULLS FIRST, d.station_id, d.id
     LIMIT $5 OFFSET $6`,
    [f.street, f.stationId ?? null, f.paperOut ?? false, f.notSeenSince ?? null, f.limit, f.offset],
  );
  return {
    total: rows[0] ? toNumber(rows[0].total) : 0,
    items: rows.map((r) => ({
      deviceId: r.id,
      deviceName: r.name,
      stationId: r.station_id,
      stationName: r.station_name,
      street: r.street,
      role: r.role,
      lastSeenAt: r.last_seen_at === null ? null : toIso(r.last_seen_at),
      report: r.doc,
    })),
  };
}
