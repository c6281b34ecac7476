/**
 * The report's figures per (key, day), as SQL: from tickets (a station's day, or a
 * filtered report's day across stations), or merged from stored station days
 * into street and district days. One shape for all of them, the columns of
 * `report_rollup` (migration 017), so the report reads every kind the same way.
 *
 * Tickets are read from their stored documents: `day` is the station-local day
 * the device gave the ticket, the hour comes from `issuedAt` plus the station's
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
 * One row per ticket, with the figures' inputs. `key` is the expression rows are
 * grouped by; `joins`/`where` narrow the tickets (alias `t`).
 */
export function ticketRowsSql(key: string, joins: string, where: string): string {
  const estimate = (end: string) =>
    `CASE WHEN jsonb_typeof(t.doc->'waitEstimate'->'lowMin') = 'number'
       AND jsonb_typeof(t.doc->'waitEstimate'->'highMin') = 'number'
       THEN (t.doc->'waitEstimate'->>'${end}')::numeric END`;
  return `
    SELECT ${key} AS key, t.doc->>'day' AS day,
      t.doc->>'status' AS status,
      ((((t.doc->>'issuedAt')::bigint + coalesce((sd.doc->>'utcOffsetMinutes')::bigint, 0) * 60000) / 3600000) % 24)::int
        AS hour,
      -- greatest() skips NULLs, so a ticket never called is kept NULL explicitly, not given a wait of 0.
      CASE WHEN fc.at IS NOT NULL THEN greatest(0, fc.at - (t.doc->>'issuedAt')::numeric) END AS wait_ms,
      CASE WHEN t.doc->>'status' = 'done' AND t.doc ? 'startedAt' AND t.doc ? 'endedAt'
        THEN greatest(0, (t.doc->>'endedAt')::numeric - (t.doc->>'startedAt')::numeric) END AS service_ms,
      ${estimate('lowMin')} AS est_low, ${estimate('highMin')} AS est_high
    FROM tickets t
    CROSS JOIN LATERAL (
      SELECT (jsonb_path_query_first(t.doc, '$.history[*] ? (@.action == "call").at'))::numeric AS at
    ) fc
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

/** Stored station days `src` (alias-free rows of report_rollup with a `key` column) merged per (key, day). */
function daysFromDaysSql(src: string): string {
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

const COLUMNS = `key, day, issued, served, no_show, cancelled, called, within, est_called, est_inside, hours,
  wait_v, wait_c, service_v, service_c, error_v, error_c`;

/**
 * Re-aggregates the (station, day) pairs marked dirty within [from, to], and the
 * street and district days they belong to, in one transaction `tx`. Refreshes
 * are serialised: two merging the same district day at once would each miss the
 * other's stations. The marks are taken in a statement of their own, before the
 * tickets are read: it sees (and deletes) only the marks of writers that have
 * committed, and in READ COMMITTED the next statement sees their tickets; a
 * writer still running keeps its marks for a later refresh (migration 020) — so
 * no ticket write is lost between mark and read. A station day can have several
 * marks (one per writing statement); it is re-aggregated once.
 * At most `limit` station days when given. Returns how many were re-aggregated.
 */
export async function refreshRollup(tx: Queryable, from: string, to: string, limit?: number): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, REPORT_ROLLUP_LOCK]);
  // With a limit (the background refresh, a bounded bite at a time), the latest days first: those
  // are the ones reports ask for.
  const taken = await tx.query<{ day: string; station_id: string }>(
    limit === undefined
      ? `WITH gone AS (DELETE FROM report_dirty WHERE day BETWEEN $1 AND $2 RETURNING day, station_id)
         SELECT DISTINCT day, station_id FROM gone`
      : `WITH pick AS (
           SELECT DISTINCT day, station_id FROM report_dirty WHERE day BETWEEN $1 AND $2
           ORDER BY day DESC, station_id LIMIT $3),
         gone AS (
           DELETE FROM report_dirty d USING pick WHERE d.day = pick.day AND d.station_id = pick.station_id
           RETURNING d.day, d.station_id)
         SELECT DISTINCT day, station_id FROM gone`,
    limit === undefined ? [from, to] : [from, to, limit],
  );
  if (taken.length === 0) return 0;
  const pairs = JSON.stringify(taken);
  await tx.query(
    `DELETE FROM report_rollup r USING jsonb_to_recordset($1::jsonb) AS p (day text, station_id text)
     WHERE r.kind = 'station' AND r.key = p.station_id AND r.day = p.day`,
    [pairs],
  );
  await tx.query(
    `WITH p AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS p (day text, station_id text)),
     tix AS MATERIALIZED (${ticketRowsSql(
       't.station_id',
       " JOIN p ON p.station_id = t.station_id AND p.day = t.doc->>'day'",
       'NOT t.deleted',
     )})
     INSERT INTO report_rollup (kind, ${COLUMNS}) SELECT 'station', ${COLUMNS} FROM (${daysFromTicketsSql()}) d`,
    [pairs],
  );
  const days = [...new Set(taken.map((t) => t.day))];
  await tx.query(`DELETE FROM report_rollup WHERE kind IN ('street', 'district') AND day = ANY($1::text[])`, [days]);
  const stationDays = (key: string) =>
    `SELECT ${key} AS key, r.day, r.issued, r.served, r.no_show, r.cancelled, r.called, r.within, r.est_called,
       r.est_inside, r.hours, r.wait_v, r.wait_c, r.service_v, r.service_c, r.error_v, r.error_c
     FROM report_rollup r LEFT JOIN stations st ON st.id = r.key
     WHERE r.kind = 'station' AND r.day = ANY($1::text[])`;
  for (const [kind, key] of [
    ['street', "coalesce(st.street, '')"],
    ['district', "''"],
  ] as const) {
    await tx.query(
      `INSERT INTO report_rollup (kind, ${COLUMNS}) SELECT '${kind}', ${COLUMNS} FROM (${daysFromDaysSql(stationDays(key))}) d`,
      [days],
    );
  }
  return taken.length;
}
