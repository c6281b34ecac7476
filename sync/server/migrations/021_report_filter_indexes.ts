/**
 * Reports filtered by category, item or staff member (repositories/reports-sql.ts)
 * are the ones the rollup cannot answer: they aggregate the tickets of their span.
 *
 * - Statistics on the expressions the reports select by. PostgreSQL gathers none
 *   for the expressions of a partial index (migration 012's day indexes are
 *   partial), so the planner took any range of days for 0.5 % of the tickets: at
 *   390,000 tickets a category's month was read through the day index row by row
 *   (estimate 1,950 rows, actual 390,000), 0.79 s, where a scan with the right
 *   estimate takes 0.38 s.
 * - Indexes with the item, and the staff member, leading and the day after: a
 *   category is a few index ranges (one per item of the category), an item one,
 *   and only the tickets reported are read, where the day index read every ticket
 *   of the two months (this one and the one before, for the trend). The staff
 *   index keys on the very expression the report filters by (who served the
 *   ticket, else who first received it). Tombstones stay out, as in 012.
 *
 * At 5 M tickets (bench:reports), the filtered SQL without → with these: category
 * 3.3 → 2.9 s (a seventh of two months is still best read by a parallel scan), item
 * 1.8 → 0.54 s, staff member 6.8 → 4.1 s. Cost: two more index entries per ticket
 * version written; bench:city's push capacity, side by side, 1.19× and 0.97× (noise).
 * The migration took under 40 s on 5 M tickets; ANALYZE reads a sample.
 */
import type { Migration } from './migration.ts';

export const migration021: Migration = {
  version: 21,
  name: 'report_filter_indexes',
  sql: `
CREATE STATISTICS tickets_report_exprs ON (doc->>'day'), (doc->>'serviceId'),
  (coalesce(doc->>'servedBy', doc->>'firstReceivedBy')) FROM tickets;
CREATE INDEX tickets_report_service_day_idx ON tickets ((doc->>'serviceId'), (doc->>'day')) WHERE NOT deleted;
CREATE INDEX tickets_report_staff_day_idx ON tickets ((coalesce(doc->>'servedBy', doc->>'firstReceivedBy')), (doc->>'day'))
  WHERE NOT deleted;
ANALYZE tickets;
`,
};
