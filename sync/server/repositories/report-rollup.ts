/**
 * The report's figures per (key, day), as SQL: from tickets (a station's day, or a
 * filtered report's day across stations), or merged from stored station days
 * into street and district days. One shape for all of them, the columns of
 * `report_rollup` (migration 017), so the report reads every kind the same way.
 *
 * Tickets are read from `report_tickets` (migration 023 takes each ticket's inputs
 * out of its document when it is written): `day` is the station-local day the
 * device gave the ticket, the hour comes from `issuedAt` plus the station's
 * `utcOffsetMinutes` (its station document; 0 if it has none), and the wait ends
 * at the first `call` entry of the history — `calledAt` is the last call, moved
 * by every recall. A ticket's `waitEstimate` ({lowMin, highMin, ahead}: the range
 * the resident was shown when the number was taken) counts only when both ends
 * are numbers; absent means "no estimate".
 *
 * Wait, service time and the estimate's error are kept as histograms of minutes
 * in tenths (round(ms / 6000), 6-second buckets): p50/p90 are the
 * linear-interpolation percentiles of the waits so rounded, so they are within
 * 0.05 min (3 s) of those of the exact waits, whatever the number of tickets.
 */
import type { Queryable } from '#server/db/db.ts';
import { LOCK_NAMESPACE, REPORT_ROLLUP_LOCK } from '#server/db/locks.ts';
import { REPORT_CALLED_WITHIN_MIN, REPORT_MINUTE_TENTHS_MS } from '#protocol/report-api.ts';

/** Milliseconds per histogram bucket (a tenth of a minute). */
const BUCKET_MS = REPORT_MINUTE_TENTHS_MS;

/**
 * One row per ticket, with the figures' inputs, from `report_tickets` (migration
 * 023: the inputs taken out of each ticket document when it is written). `key` is
 * the expression rows are grouped by; `joins`/`where` narrow the tickets (alias `t`,
 * report_tickets' columns).
 */
export function ticketRowsSql(key: string, joins: string, where: string): string {
  return `
    SELECT ${key} AS key, t.day, t.status,
      (((t.issued_at::bigint + coalesce((sd.doc->>'utcOffsetMinutes')::bigint, 0) * 60000) / 3600000) % 24)::int
        AS hour,
      t.wait_ms, t.service_ms, t.est_low, t.est_high
    FROM report_tickets t
    LEFT JOIN station_docs sd ON sd.id = t.station_id AND NOT sd.deleted${joins}
    WHERE ${where}`;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** `(key, day, b, n)` rows → one histogram (ascending values, their counts) per (key, day). */
function histogramSql(src: string): string {
  return `SELECT key, day, array_agg(b ORDER BY b) AS v, array_agg(n ORDER BY b) AS c
    FROM (SELECT key, day, b, sum(n)::int AS n FROM (${src}) s WHERE b IS NOT NULL GROUP BY key, day, b) x
    GROUP BY key, day`;
}

/** The figures' columns from counts rows and the three histograms' sources. */
function daysSql(counts: string, wait: string, service: string, error: string): string {
  return `SELECT c.key, c.day, c.issued, c.served, c.no_show, c.cancelled, c.called, c.within,
      c.est_called, c.est_inside, c.hours,
      coalesce(w.v, '{}') AS wait_v, coalesce(w.c, '{}') AS wait_c,
      coalesce(s.v, '{}') AS service_v, coalesce(s.c, '{}') AS service_c,
      coalesce(e.v, '{}') AS error_v, coalesce(e.c, '{}') AS error_c
    FROM (${counts}) c
    LEFT JOIN (${histogramSql(wait)}) w USING (key, day)
    LEFT JOIN (${histogramSql(service)}) s USING (key, day)
    LEFT JOIN (${histogramSql(error)}) e USING (key, day)`;
}

/** The figures per (key, day) of the tickets `tix` (a CTE of ticketRowsSql rows) — a WITH clause must define it. */
export function daysFromTicketsSql(): string {
  const bucket = (ms: string) => `round(${ms} / ${BUCKET_MS})::int`;
  const counts = `SELECT key, day, count(*)::int AS issued,
      count(*) FILTER (WHERE status = 'done')::int AS served,
      count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
      count(wait_ms)::int AS called,
      count(*) FILTER (WHERE wait_ms <= ${REPORT_CALLED_WITHIN_MIN * 60000})::int AS within,
      count(*) FILTER (WHERE wait_ms IS NOT NULL AND est_low IS NOT NULL)::int AS est_called,
      count(*) FILTER (WHERE wait_ms BETWEEN est_low * 60000 AND est_high * 60000)::int AS est_inside,
      ARRAY[${HOURS.map((h) => `count(*) FILTER (WHERE hour = ${h})`).join(', ')}]::int[] AS hours
    FROM tix GROUP BY key, day`;
  return daysSql(
    counts,
    `SELECT key, day, ${bucket('wait_ms')} AS b, 1 AS n FROM tix`,
    `SELECT key, day, ${bucket('service_ms')} AS b, 1 AS n FROM tix`,
    // The error against the range's midpoint: |wait − (low + high) / 2 min|, in ms.
    `SELECT key, day, ${bucket('abs(wait_ms - (est_low + est_high) * 30000)')} AS b, 1 AS n FROM tix`,
  );
}

/** Stored days `src` (alias-free rows of the rollup's figures with a `key` column) merged per (key, day). */
export function daysFromDaysSql(src: string): string {
  const counts = `SELECT key, day, ${[
    'issued',
    'served',
    'no_show',
    'cancelled',
    'called',
    'within',
    'est_called',
    'est_inside',
  ]
    .map((c) => `sum(${c})::int AS ${c}`)
    .join(', ')},
      ARRAY[${HOURS.map((h) => `sum(hours[${h + 1}])`).join(', ')}]::int[] AS hours
    FROM (${src}) r GROUP BY key, day`;
  const hist = (name: string) =>
    `SELECT key, day, u.b, u.n FROM (${src}) r, unnest(r.${name}_v, r.${name}_c) AS u(b, n)`;
  return daysSql(counts, hist('wait'), hist('service'), hist('error'));
}

/** The rollup's columns: key, day and the figures. */
export const COLUMNS = `key, day, issued, served, no_show, cancelled, called, within, est_called, est_inside, hours,
  wait_v, wait_c, service_v, service_c, error_v, error_c`;

/** A report_rollup row as read and written back (JSON-safe: numbers and arrays of numbers). */
export interface RollupRow {
  key: string;
  day: string;
  [figure: string]: unknown;
}

/** The whole span of days a mark can have: a refresh over it takes marks of any day. */
export const EVERY_DAY = ['0000-01-01', '9999-12-31'] as const;

/** report_rollup rows (key, day and the figures) from `param`, a JSON array of RollupRow. */
export const rowsFromJson = (param: string) => `SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS n (
    key text, day text, issued int, served int, no_show int, cancelled int, called int, within int,
    est_called int, est_inside int, hours int[], wait_v int[], wait_c int[], service_v int[], service_c int[],
    error_v int[], error_c int[])`;

/**
 * Re-aggregates the (station, day) pairs marked dirty within [from, to], and the
 * street and district days they belong to, in one transaction `tx`. Refreshes
 * are serialised (REPORT_ROLLUP_LOCK): two merging the same district day at once
 * would each miss the other's stations.
 *
 * Everything is read first and written last. A transaction gets its id at its
 * first write, and every pull of the district serves only rows below the oldest
 * running transaction id (change-order-sql.ts): re-aggregating a district day
 * takes ~0.5 s on the bench, and with the writes first the whole of it held back
 * every station's live sync. Now only the short writes at the end do.
 *
 * No ticket write is lost between mark and read: the marks are read in a
 * statement of their own before the tickets; it sees only marks of writers that
 * have committed, and in READ COMMITTED the later statements see their tickets.
 * Exactly the marks read are deleted (by id): a writer that commits meanwhile
 * keeps its marks for a later refresh (migration 020). A station day can have
 * several marks (one per writing statement); it is re-aggregated once.
 * At most `limit` station days when given. Returns how many were re-aggregated.
 */
export async function refreshRollup(tx: Queryable, from: string, to: string, limit?: number): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, REPORT_ROLLUP_LOCK]);
  // With a limit (the background refresh, a bounded bite at a time), the latest days first: those
  // are the ones reports ask for.
  const marks = await tx.query<{ id: string; day: string; station_id: string }>(
    limit === undefined
      ? 'SELECT id, day, station_id FROM report_dirty WHERE day BETWEEN $1 AND $2'
      : `SELECT d.id, d.day, d.station_id FROM report_dirty d
         JOIN (SELECT DISTINCT day, station_id FROM report_dirty WHERE day BETWEEN $1 AND $2
               ORDER BY day DESC, station_id LIMIT $3) p USING (day, station_id)`,
    limit === undefined ? [from, to] : [from, to, limit],
  );
  if (marks.length === 0) return 0;
  const taken = [
    ...new Map(marks.map((m) => [`${m.day}/${m.station_id}`, { day: m.day, station_id: m.station_id }])).values(),
  ];
  const pairs = JSON.stringify(taken);
  const days = [...new Set(taken.map((t) => t.day))];

  // Reads: the marked station days afresh from their tickets…
  const stationRows = await tx.query<RollupRow>(
    `WITH p AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS p (day text, station_id text)),
     tix AS MATERIALIZED (${ticketRowsSql(
       't.station_id',
       ' JOIN p ON p.station_id = t.station_id AND p.day = t.day',
       'true',
     )})
     SELECT ${COLUMNS} FROM (${daysFromTicketsSql()}) d`,
    [pairs],
  );
  const fresh = JSON.stringify(stationRows);
  // …and their days merged per street and for the district: the other stations' stored rows plus these.
  const stationDays = (key: string) =>
    `SELECT ${key} AS key, r.day, r.issued, r.served, r.no_show, r.cancelled, r.called, r.within, r.est_called,
       r.est_inside, r.hours, r.wait_v, r.wait_c, r.service_v, r.service_c, r.error_v, r.error_c
     FROM (
       SELECT ${COLUMNS} FROM report_rollup s
       WHERE s.kind = 'station' AND s.day = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS p (day text, station_id text)
                         WHERE p.day = s.day AND p.station_id = s.key)
       UNION ALL ${rowsFromJson('$3')}
     ) r LEFT JOIN stations st ON st.id = r.key`;
  const merged: { kind: string; rows: RollupRow[] }[] = [];
  for (const [kind, key] of [
    ['street', "coalesce(st.street, '')"],
    ['district', "''"],
  ] as const) {
    merged.push({
      kind,
      rows: await tx.query<RollupRow>(`SELECT ${COLUMNS} FROM (${daysFromDaysSql(stationDays(key))}) d`, [
        days,
        pairs,
        fresh,
      ]),
    });
  }

  // Writes, short: the transaction holds an id only from here to its commit.
  await tx.query('DELETE FROM report_dirty WHERE id = ANY($1::bigint[])', [marks.map((m) => m.id)]);
  // The days' item rows are stale now (report-item-rollup.ts refreshes them): marked in the transaction
  // that takes the station marks, so a report's snapshot always sees one mark or the other.
  await tx.query('INSERT INTO report_item_dirty (day) SELECT unnest($1::text[])', [days]);
  await tx.query(
    `DELETE FROM report_rollup r USING jsonb_to_recordset($1::jsonb) AS p (day text, station_id text)
     WHERE r.kind = 'station' AND r.key = p.station_id AND r.day = p.day`,
    [pairs],
  );
  await tx.query(`DELETE FROM report_rollup WHERE kind IN ('street', 'district') AND day = ANY($1::text[])`, [days]);
  for (const { kind, rows } of [{ kind: 'station', rows: stationRows }, ...merged]) {
    if (rows.length === 0) continue;
    await tx.query(
      `INSERT INTO report_rollup (kind, ${COLUMNS}) SELECT $2, ${COLUMNS} FROM (${rowsFromJson('$1')}) n`,
      [JSON.stringify(rows), kind],
    );
  }
  return taken.length;
}
