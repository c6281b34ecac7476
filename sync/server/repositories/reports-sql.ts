/**
 * The report's SQL: two scans of the tickets of the chosen period and the one
 * before it, on PGlite and PostgreSQL alike. The first counts per (day, hour) —
 * small enough that the daily series, the weekday × hour heatmap and the period
 * totals are summed from it here; the second takes the percentiles, which cannot
 * be summed, per period and per day (GROUPING SETS). `percentile_cont` is the
 * linear-interpolation percentile on both databases.
 *
 * Tickets are read from their stored documents: `day` is the station-local day
 * the device gave the ticket, the hour comes from `issuedAt` plus the station's
 * `utcOffsetMinutes` (its station document; 0 if it has none), and the wait ends
 * at the first `call` entry of the history — `calledAt` is the last call, moved
 * by every recall. Migration 012 indexes the day; bench/reports.ts measures it.
 */
import type { Queryable } from '#server/db/db.ts';
import {
  addDays,
  daysBetween,
  isoWeekday,
  REPORT_CALLED_WITHIN_MIN,
  type ReportDay,
  type ReportFigures,
  type ReportQuery,
  type ReportResponse,
} from '#protocol/report-api.ts';

/** A report query the route has checked: a real period, and the street scope already applied. */
export interface CheckedReportQuery extends ReportQuery {
  previousFrom: string;
  previousTo: string;
}

interface CountRow {
  day: string;
  hour: number;
  issued: number;
  served: number;
  no_show: number;
  cancelled: number;
  called: number;
  within: number;
}

interface PercentileRow {
  cur: boolean | null;
  day: string | null;
  wait: (number | null)[] | null;
  service: (number | null)[] | null;
}

/** The WHERE clause and its parameters for the filters; $1/$2 are the whole span. */
function filters(q: CheckedReportQuery): { joins: string; where: string; params: unknown[] } {
  const params: unknown[] = [q.previousFrom, q.to];
  const where = ['NOT t.deleted', "t.doc->>'day' BETWEEN $1 AND $2"];
  let joins = '';
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.street !== undefined) {
    joins += ' JOIN stations st ON st.id = t.station_id';
    add((n) => `st.street = ${n}`, q.street);
  }
  if (q.stationId !== undefined) add((n) => `t.station_id = ${n}`, q.stationId);
  if (q.serviceId !== undefined) add((n) => `t.doc->>'serviceId' = ${n}`, q.serviceId);
  if (q.category !== undefined) {
    joins += " JOIN services sv ON sv.id = t.doc->>'serviceId'";
    add((n) => `sv.doc->>'category' = ${n}`, q.category);
  }
  if (q.staff !== undefined) add((n) => `coalesce(t.doc->>'servedBy', t.doc->>'firstReceivedBy') = ${n}`, q.staff);
  return { joins, where: where.join(' AND '), params };
}

/** The tickets of the span, one row each, with the figures' inputs; `$3` is the current period's first day. */
function baseSql(q: CheckedReportQuery): { sql: string; params: unknown[] } {
  const { joins, where, params } = filters(q);
  params.push(q.from);
  const from = `$${params.length}`;
  const sql = `
    SELECT t.doc->>'day' AS day,
      t.doc->>'day' >= ${from} AS cur,
      t.doc->>'status' AS status,
      (((t.doc->>'issuedAt')::bigint + coalesce((sd.doc->>'utcOffsetMinutes')::bigint, 0) * 60000) / 3600000) % 24
        AS hour,
      -- greatest() skips NULLs, so a ticket never called is kept NULL explicitly, not given a wait of 0.
      CASE WHEN fc.at IS NOT NULL THEN greatest(0, fc.at - (t.doc->>'issuedAt')::numeric) / 60000.0 END AS wait_min,
      CASE WHEN t.doc->>'status' = 'done' AND t.doc ? 'startedAt' AND t.doc ? 'endedAt'
        THEN greatest(0, (t.doc->>'endedAt')::numeric - (t.doc->>'startedAt')::numeric) / 60000.0 END AS service_min
    FROM tickets t
    CROSS JOIN LATERAL (
      SELECT (jsonb_path_query_first(t.doc, '$.history[*] ? (@.action == "call").at'))::numeric AS at
    ) fc
    LEFT JOIN station_docs sd ON sd.id = t.station_id AND NOT sd.deleted${joins}
    WHERE ${where}`;
  return { sql, params };
}

const rate = (n: number, of: number) => (of > 0 ? n / of : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function emptyCounts() {
  return { issued: 0, served: 0, noShow: 0, cancelled: 0, called: 0, within: 0 };
}
type Counts = ReturnType<typeof emptyCounts>;

function addCounts(into: Counts, row: CountRow): void {
  into.issued += row.issued;
  into.served += row.served;
  into.noShow += row.no_show;
  into.cancelled += row.cancelled;
  into.called += row.called;
  into.within += row.within;
}

function figures(c: Counts, p: PercentileRow | undefined): ReportFigures {
  return {
    issued: c.issued,
    served: c.served,
    noShow: c.noShow,
    cancelled: c.cancelled,
    called: c.called,
    noShowRate: rate(c.noShow, c.issued),
    cancelRate: rate(c.cancelled, c.issued),
    waitP50Min: num(p?.wait?.[0]),
    waitP90Min: num(p?.wait?.[1]),
    serviceP50Min: num(p?.service?.[0]),
    serviceP90Min: num(p?.service?.[1]),
    calledWithin15Rate: rate(c.within, c.called),
  };
}

/** The report for a checked query. */
export async function runReport(db: Queryable, q: CheckedReportQuery): Promise<ReportResponse> {
  const base = baseSql(q);
  const [counts, percentiles] = await Promise.all([
    db.query<CountRow>(
      `WITH base AS (${base.sql})
       SELECT day, hour::int AS hour, count(*)::int AS issued,
         count(*) FILTER (WHERE status = 'done')::int AS served,
         count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
         count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
         count(wait_min)::int AS called,
         count(*) FILTER (WHERE wait_min <= ${REPORT_CALLED_WITHIN_MIN})::int AS within
       FROM base GROUP BY day, hour`,
      base.params,
    ),
    db.query<PercentileRow>(
      `WITH base AS (${base.sql})
       SELECT CASE WHEN GROUPING(cur) = 0 THEN cur END AS cur, CASE WHEN GROUPING(day) = 0 THEN day END AS day,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY wait_min) AS wait,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY service_min) AS service
       FROM base GROUP BY GROUPING SETS ((cur), (day))`,
      base.params,
    ),
  ]);

  const days = daysBetween(q.from, q.to);
  const dayList = (first: string) => Array.from({ length: days }, (_, i) => addDays(first, i));
  const byDay = new Map<string, Counts>();
  const totals = { cur: emptyCounts(), prev: emptyCounts() };
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const row of counts) {
    const cur = row.day >= q.from;
    addCounts(totals[cur ? 'cur' : 'prev'], row);
    let d = byDay.get(row.day);
    if (!d) byDay.set(row.day, (d = emptyCounts()));
    addCounts(d, row);
    if (cur) heatmap[isoWeekday(row.day) - 1]![row.hour]! += row.issued;
  }
  const pByDay = new Map(percentiles.filter((p) => p.day !== null).map((p) => [p.day!, p]));
  const series = (first: string): ReportDay[] =>
    dayList(first).map((day) => {
      const c = byDay.get(day) ?? emptyCounts();
      return { day, issued: c.issued, served: c.served, waitP50Min: num(pByDay.get(day)?.wait?.[0]) };
    });

  const { previousFrom, previousTo, ...asked } = q;
  return {
    query: { ...asked, previousFrom, previousTo, days },
    current: figures(
      totals.cur,
      percentiles.find((p) => p.day === null && p.cur === true),
    ),
    previous: figures(
      totals.prev,
      percentiles.find((p) => p.day === null && p.cur === false),
    ),
    daily: series(q.from),
    previousDaily: series(previousFrom),
    heatmap,
  };
}
