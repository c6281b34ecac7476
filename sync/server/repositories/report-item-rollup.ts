/**
 * The report's figures per item and day, district-wide and per street
 * (`report_item_rollup`, migration 024): what a district or street report
 * filtered by category or item reads for a day that has not changed since.
 *
 * A day's rows are re-aggregated from all of the day's tickets at once, after
 * the day's `report_item_dirty` marks (made by the station rollup's refresh,
 * report-rollup.ts, for every day it re-aggregated): first per (street, item),
 * then those merged per item for the district. Only the background refresh does
 * it, and only for a day whose oldest mark has waited `settleMs`: today changes
 * all day, and at a real day's density (136,500 tickets) re-aggregating it takes
 * about a second, so doing it after every pass of the station rollup (every 5 s)
 * would cost a core's fifth all morning. A report never waits for it: a day still
 * marked is aggregated from its own tickets (reports-sql.ts).
 *
 * No ticket write is missed, by the same argument as the station marks: the
 * marks are read in a statement of their own before the tickets, so every write
 * whose station mark the station refresh had taken (and whose item mark it made
 * in the same transaction) has committed before this refresh reads tickets;
 * exactly the marks read are deleted (by id), and a mark made meanwhile stays
 * for the next refresh. Refreshes are serialised (REPORT_ITEM_ROLLUP_LOCK), so
 * a day's rows are always written by the refresh that read its tickets last.
 */
import type { Queryable } from '#server/db/db.ts';
import { LOCK_NAMESPACE, REPORT_ITEM_ROLLUP_LOCK } from '#server/db/locks.ts';
import {
  COLUMNS,
  daysFromDaysSql,
  daysFromTicketsSql,
  rowsFromJson,
  ticketRowsSql,
  type RollupRow,
} from './report-rollup.ts';

/** The figures' columns (COLUMNS without key and day). */
const FIGURES = COLUMNS.replace(/^key, day, /, '');

/** A (street, item) pair as one grouping key: a JSON array, so no street text can run into the item's. */
const STREET_ITEM_KEY = `jsonb_build_array(coalesce(st.street, ''), t.service_id)::text`;

export interface ItemRefreshOptions {
  /** Only days whose oldest mark is at least this old (the background refresh lets a busy day settle). */
  settleMs: number;
  /** At most this many days (latest first: those are the ones reports ask for). */
  days: number;
}

/** Re-aggregates the item rows of marked days in one transaction `tx`; returns how many days. */
export async function refreshItemRollup(tx: Queryable, options: ItemRefreshOptions): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, REPORT_ITEM_ROLLUP_LOCK]);
  const marks = await tx.query<{ id: string; day: string }>(
    `SELECT id, day FROM report_item_dirty WHERE day IN (
       SELECT day FROM report_item_dirty GROUP BY day
       HAVING min(at) <= now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY day DESC LIMIT $2)`,
    [options.settleMs, options.days],
  );
  if (marks.length === 0) return 0;
  const days = [...new Set(marks.map((m) => m.day))];

  // Reads: the days' tickets per (street, item)…
  const streetRows = await tx.query<RollupRow>(
    `WITH tix AS MATERIALIZED (${ticketRowsSql(
      STREET_ITEM_KEY,
      ' LEFT JOIN stations st ON st.id = t.station_id',
      't.day = ANY($1::text[]) AND t.service_id IS NOT NULL',
    )})
     SELECT ${COLUMNS} FROM (${daysFromTicketsSql()}) d`,
    [days],
  );
  const streets = JSON.stringify(streetRows);
  // …and those merged per item for the district.
  const districtRows = await tx.query<RollupRow>(
    `SELECT ${COLUMNS} FROM (${daysFromDaysSql(
      `SELECT n.key::jsonb->>1 AS key, n.day, ${FIGURES} FROM (${rowsFromJson('$1')}) n`,
    )}) d`,
    [streets],
  );

  // Writes, short (the transaction holds an id only from here to its commit).
  await tx.query('DELETE FROM report_item_dirty WHERE id = ANY($1::bigint[])', [marks.map((m) => m.id)]);
  await tx.query('DELETE FROM report_item_rollup WHERE day = ANY($1::text[])', [days]);
  await tx.query(
    `INSERT INTO report_item_rollup (service_id, day, scope, street, ${FIGURES})
     SELECT n.key::jsonb->>1, n.day, 'street', n.key::jsonb->>0, ${FIGURES} FROM (${rowsFromJson('$1')}) n
     UNION ALL
     SELECT d.key, d.day, 'district', '', ${FIGURES} FROM (${rowsFromJson('$2')}) d`,
    [streets, JSON.stringify(districtRows)],
  );
  return days.length;
}
