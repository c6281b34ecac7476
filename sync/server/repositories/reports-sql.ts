/**
 * The report: figures per day of the chosen period and the one before it, summed
 * and merged here. An unfiltered report, or one of a street or a station, reads
 * the rollup (report-rollup.ts, migration 017) after re-aggregating whatever
 * changed in its span: one stored row per day, so its cost no longer grows with
 * the tickets. A district or street report filtered by category or item reads
 * the item rows (migration 024) of its settled days and aggregates the tickets of
 * the others; any other filter (a station's, a staff member's) aggregates the
 * tickets of its span (the indexes of migration 023 read only the tickets it
 * reports). Tickets and stored rows go through the same SQL, into rows of the
 * same shape — so every path computes every figure the same way.
 */
import type { Db } from '#server/db/db.ts';
import {
  addDays,
  daysBetween,
  isoWeekday,
  type ReportDay,
  type ReportFigures,
  type ReportQuery,
  type ReportResponse,
} from '#protocol/report-api.ts';
import { histogramPercentile, HistogramSum, type Histogram } from './report-histogram.ts';
import { daysFromDaysSql, daysFromTicketsSql, refreshRollup, ticketRowsSql } from './report-rollup.ts';

/** A report query the route has checked: a real period, and the street scope already applied. */
export interface CheckedReportQuery extends ReportQuery {
  previousFrom: string;
  previousTo: string;
}

/** One day's figures, as report_rollup stores them. */
interface DayRow {
  day: string;
  issued: number;
  served: number;
  no_show: number;
  cancelled: number;
  called: number;
  within: number;
  est_called: number;
  est_inside: number;
  hours: number[];
  wait_v: number[];
  wait_c: number[];
  service_v: number[];
  service_c: number[];
  error_v: number[];
  error_c: number[];
}

const COUNTS = ['issued', 'served', 'no_show', 'cancelled', 'called', 'within', 'est_called', 'est_inside'] as const;
const ROW_COLUMNS = `day, ${COUNTS.join(', ')}, hours, wait_v, wait_c, service_v, service_c, error_v, error_c`;

/** Whether the query needs a dimension the rollup does not keep. */
const needsTickets = (q: ReportQuery) => q.category !== undefined || q.serviceId !== undefined || q.staff !== undefined;

/** The day rows of the span from the rollup (fresh: re-aggregated first, in the same transaction). */
async function rollupDays(db: Db, q: CheckedReportQuery): Promise<DayRow[]> {
  return db.transaction(async (tx) => {
    await refreshRollup(tx, q.previousFrom, q.to);
    const params: unknown[] = [q.previousFrom, q.to];
    let scope: string;
    if (q.stationId !== undefined) {
      params.push(q.stationId);
      scope = `kind = 'station' AND key = $3`;
      if (q.street !== undefined) {
        params.push(q.street);
        scope += ' AND EXISTS (SELECT 1 FROM stations st WHERE st.id = r.key AND st.street = $4)';
      }
    } else if (q.street !== undefined) {
      params.push(q.street);
      scope = `kind = 'street' AND key = $3`;
    } else scope = `kind = 'district' AND key = ''`;
    return tx.query<DayRow>(
      `SELECT ${ROW_COLUMNS} FROM report_rollup r WHERE ${scope} AND day BETWEEN $1 AND $2`,
      params,
    );
  });
}

/** Memory for a filtered report's grouping (see ticketDays). */
const REPORT_WORK_MEM = '64MB';

/** A filtered query's parameters and conditions on its tickets (alias `t`) or item rows (alias `r`). */
interface Filter {
  params: unknown[];
  /** Conditions on report_tickets `t`, and the joins they need. */
  tickets: string[];
  joins: string;
  /** The same conditions on report_item_rollup `r` (only for queries itemRows can answer). */
  items: string[];
}

function filterOf(q: CheckedReportQuery): Filter {
  const f: Filter = { params: [q.previousFrom, q.to], tickets: ['t.day BETWEEN $1 AND $2'], joins: '', items: [] };
  const add = (value: unknown, onTickets: (n: string) => string, onItems?: (n: string) => string) => {
    f.params.push(value);
    const n = `$${f.params.length}`;
    f.tickets.push(onTickets(n));
    if (onItems) f.items.push(onItems(n));
  };
  if (q.street !== undefined) {
    f.joins += ' JOIN stations st ON st.id = t.station_id';
    add(
      q.street,
      (n) => `st.street = ${n}`,
      (n) => `r.scope = 'street' AND r.street = ${n}`,
    );
  } else f.items.push(`r.scope = 'district' AND r.street = ''`);
  if (q.stationId !== undefined) add(q.stationId, (n) => `t.station_id = ${n}`);
  if (q.serviceId !== undefined)
    add(
      q.serviceId,
      (n) => `t.service_id = ${n}`,
      (n) => `r.service_id = ${n}`,
    );
  // The category as its items (each one range of the item-and-day indexes), looked up now: an item
  // moved to another category takes its past tickets along.
  const items = (col: string) => (n: string) =>
    `${col} IN (SELECT sv.id FROM services sv WHERE sv.doc->>'category' = ${n})`;
  if (q.category !== undefined) add(q.category, items('t.service_id'), items('r.service_id'));
  if (q.staff !== undefined) add(q.staff, (n) => `t.staff = ${n}`);
  return f;
}

/** Whether the item rows can answer the query: by category or item, district-wide or for a street. */
const itemRowsAnswer = (q: ReportQuery) => q.staff === undefined && q.stationId === undefined;

/**
 * The day rows of the span of a filtered query. By category or item, district-wide or for a street,
 * each day comes from its stored item rows (report-item-rollup.ts, ~6 rows a day for a category)
 * unless it is still marked, station marks or item marks (today, all day): those days come from
 * their tickets. One REPEATABLE READ snapshot for all of it: a ticket write is in it with its station
 * mark, or the station refresh that took that mark is, with the item mark it made in the same
 * transaction, or the item refresh that took that is, with rows read after the write committed.
 * Any other filter (a station's, a staff member's) reads its tickets through their indexes.
 */
async function ticketDays(db: Db, q: CheckedReportQuery): Promise<DayRow[]> {
  const f = filterOf(q);
  const useItems = itemRowsAnswer(q);
  const stale = `SELECT day FROM report_dirty WHERE day BETWEEN $1 AND $2
    UNION SELECT day FROM report_item_dirty WHERE day BETWEEN $1 AND $2`;
  const tickets = [...f.tickets, ...(useItems ? ['t.day IN (SELECT day FROM stale)'] : [])].join(' AND ');
  const fromItems = `SELECT ${ROW_COLUMNS} FROM (${daysFromDaysSql(
    `SELECT ''::text AS key, ${ROW_COLUMNS} FROM report_item_rollup r
     WHERE r.day BETWEEN $1 AND $2 AND r.day NOT IN (SELECT day FROM stale) AND ${f.items.join(' AND ')}`,
  )}) i`;
  return db.transaction(async (tx) => {
    // Before any other statement: the snapshot is taken at the first.
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // The figures group a period's tickets four times (counts and three histograms). At the default
    // 4 MB the counts' sort of a category's two months went to disk; with room for it in memory, at
    // 5 M tickets (bench/reports.ts) a category's month took 1.05 s instead of 1.27 s, one staff id of
    // a third of the tickets 1.9 s instead of 2.7 s. One report at a time per operator, and only for
    // this read-only transaction (it takes no transaction id, so it holds back no sync).
    await tx.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    return tx.query<DayRow>(
      `WITH ${useItems ? `stale AS MATERIALIZED (${stale}),` : ''}
       tix AS MATERIALIZED (${ticketRowsSql("''", f.joins, tickets)})
       SELECT ${ROW_COLUMNS} FROM (${daysFromTicketsSql()}) d
       ${useItems ? `UNION ALL ${fromItems}` : ''}`,
      f.params,
    );
  });
}

const rate = (n: number, of: number) => (of > 0 ? n / of : null);
const hist = (r: DayRow, name: 'wait' | 'service' | 'error'): Histogram => ({ v: r[`${name}_v`], c: r[`${name}_c`] });

/** Sums of a period's day rows. */
class PeriodSum {
  readonly counts = Object.fromEntries(COUNTS.map((c) => [c, 0])) as Record<(typeof COUNTS)[number], number>;
  readonly wait = new HistogramSum();
  readonly service = new HistogramSum();
  readonly error = new HistogramSum();

  add(r: DayRow): void {
    for (const c of COUNTS) this.counts[c] += Number(r[c]);
    this.wait.add(hist(r, 'wait'));
    this.service.add(hist(r, 'service'));
    this.error.add(hist(r, 'error'));
  }

  figures(): ReportFigures {
    const c = this.counts;
    const wait = this.wait.histogram();
    const service = this.service.histogram();
    return {
      issued: c.issued,
      served: c.served,
      noShow: c.no_show,
      cancelled: c.cancelled,
      called: c.called,
      noShowRate: rate(c.no_show, c.issued),
      cancelRate: rate(c.cancelled, c.issued),
      waitP50Min: histogramPercentile(wait, 0.5),
      waitP90Min: histogramPercentile(wait, 0.9),
      serviceP50Min: histogramPercentile(service, 0.5),
      serviceP90Min: histogramPercentile(service, 0.9),
      calledWithin15Rate: rate(c.within, c.called),
      estimateCalled: c.est_called,
      estimateInsideRate: rate(c.est_inside, c.est_called),
      estimateErrorP50Min: histogramPercentile(this.error.histogram(), 0.5),
    };
  }
}

/** The report for a checked query. */
export async function runReport(db: Db, q: CheckedReportQuery): Promise<ReportResponse> {
  const rows = await (needsTickets(q) ? ticketDays(db, q) : rollupDays(db, q));
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const totals = { cur: new PeriodSum(), prev: new PeriodSum() };
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of rows) {
    const cur = r.day >= q.from;
    totals[cur ? 'cur' : 'prev'].add(r);
    if (cur) r.hours.forEach((n, h) => (heatmap[isoWeekday(r.day) - 1]![h]! += Number(n)));
  }
  const days = daysBetween(q.from, q.to);
  const series = (first: string): ReportDay[] =>
    Array.from({ length: days }, (_, i) => {
      const day = addDays(first, i);
      const r = byDay.get(day);
      return {
        day,
        issued: r?.issued ?? 0,
        served: r?.served ?? 0,
        waitP50Min: r ? histogramPercentile(hist(r, 'wait'), 0.5) : null,
      };
    });

  const { previousFrom, previousTo, ...asked } = q;
  return {
    query: { ...asked, previousFrom, previousTo, days },
    current: totals.cur.figures(),
    previous: totals.prev.figures(),
    daily: series(q.from),
    previousDaily: series(previousFrom),
    heatmap,
  };
}
