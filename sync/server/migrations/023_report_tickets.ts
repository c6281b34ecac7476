/**
 * The report's inputs in a short row per ticket (`report_tickets`), so no report
 * decodes a ticket document (repositories/report-rollup.ts reads them).
 *
 * A report filtered by category, item or staff member aggregates the tickets of
 * its span (the rollup has no such dimensions), and so did the re-aggregation of a
 * changed station day. Read from `tickets`, each ticket's JSON document, history
 * included, was fetched and decoded: at 5 M tickets a category's district month
 * (with the month before it, for the trend) took 3.1–5.1 s (bench/reports.ts), of
 * which the documents were most (a parallel scan of every ticket, 1.35 s, and
 * ~1 s taking the figures out of each document). These rows hold what the figures
 * need: station, day, item, staff member, status, issue time, wait (issue → first
 * call), service time, and the estimate shown at issue. The category is not kept:
 * it is the item's, looked up when a report runs, so moving an item to another
 * category moves its past tickets with it (as before). The local hour is not kept
 * either: it comes from the station's UTC offset when a report runs (as before).
 *
 * Statement triggers keep it, as migration 019 keeps `overview_tickets`: every
 * writer is covered, and each statement upserts or deletes only the rows of the
 * tickets it wrote, whose locks the writer already holds, so pushes stay as
 * concurrent as without it. A tombstoned ticket has no row.
 *
 * Migration 021's item and staff indexes on `tickets` served only the filtered
 * report; the same indexes on these rows replace them, so a ticket write keeps
 * about the index work it had (its statistics stay: other day-range reads use them).
 */
import type { Migration } from './migration.ts';

/** A document's number field as numeric, or NULL when it is not a number. */
const num = (path: string) => `CASE WHEN jsonb_typeof(doc${path}) = 'number' THEN (doc${path})::numeric END`;

/**
 * report_tickets' columns from `tickets` rows (`doc`, `id`, `station_id`) and `fc.at`,
 * the time of the ticket's first call (FROM_ROWS). The wait ends at the first `call`
 * entry of the history: `calledAt` is the last call, moved by every recall. Never
 * called, or not finished: NULL, not 0 (greatest() would skip a NULL).
 */
const ROW = `id, station_id, doc->>'day', doc->>'serviceId', coalesce(doc->>'servedBy', doc->>'firstReceivedBy'),
  coalesce(doc->>'status', ''), ${num("->'issuedAt'")},
  CASE WHEN fc.at IS NOT NULL THEN greatest(0, fc.at - ${num("->'issuedAt'")}) END,
  CASE WHEN doc->>'status' = 'done' AND doc ? 'startedAt' AND doc ? 'endedAt'
    THEN greatest(0, ${num("->'endedAt'")} - ${num("->'startedAt'")}) END,
  CASE WHEN jsonb_typeof(doc->'waitEstimate'->'lowMin') = 'number'
    AND jsonb_typeof(doc->'waitEstimate'->'highMin') = 'number' THEN (doc->'waitEstimate'->'lowMin')::numeric END,
  CASE WHEN jsonb_typeof(doc->'waitEstimate'->'lowMin') = 'number'
    AND jsonb_typeof(doc->'waitEstimate'->'highMin') = 'number' THEN (doc->'waitEstimate'->'highMin')::numeric END`;

/** The ticket rows `rows` (a table or a transition table) with their first call, tombstones left out. */
const FROM_ROWS = (rows: string) => `${rows}
  CROSS JOIN LATERAL (SELECT (jsonb_path_query_first(doc, '$.history[*] ? (@.action == "call").at'))::numeric AS at) fc
  WHERE NOT deleted AND doc->>'day' IS NOT NULL`;

const COLUMNS = 'id, station_id, day, service_id, staff, status, issued_at, wait_ms, service_ms, est_low, est_high';

export const migration023: Migration = {
  version: 23,
  name: 'report_tickets',
  sql: `
CREATE TABLE report_tickets (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  service_id text COLLATE "C",
  -- Who served the ticket, else who first received it.
  staff text COLLATE "C",
  status text COLLATE "C" NOT NULL,
  issued_at numeric,
  wait_ms numeric,
  service_ms numeric,
  est_low numeric,
  est_high numeric
);
-- A station's days (the rollup's re-aggregation, a station's filtered report).
CREATE INDEX report_tickets_station_day_idx ON report_tickets (station_id, day);
-- An item's days, and a category's as the ranges of its items.
CREATE INDEX report_tickets_service_day_idx ON report_tickets (service_id, day);
CREATE INDEX report_tickets_staff_day_idx ON report_tickets (staff, day);

CREATE FUNCTION report_copy_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM report_tickets;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM report_tickets o USING report_ticket_old_rows r WHERE o.id = r.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO report_tickets (${COLUMNS})
      SELECT ${ROW} FROM ${FROM_ROWS('report_ticket_new_rows')}
      ON CONFLICT (id) DO UPDATE SET station_id = excluded.station_id, day = excluded.day,
        service_id = excluded.service_id, staff = excluded.staff, status = excluded.status,
        issued_at = excluded.issued_at, wait_ms = excluded.wait_ms, service_ms = excluded.service_ms,
        est_low = excluded.est_low, est_high = excluded.est_high;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tickets_report_copy_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS report_ticket_new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_copy_tickets();
CREATE TRIGGER tickets_report_copy_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS report_ticket_old_rows NEW TABLE AS report_ticket_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_copy_tickets();
CREATE TRIGGER tickets_report_copy_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS report_ticket_old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_copy_tickets();
CREATE TRIGGER tickets_report_copy_truncate AFTER TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION report_copy_tickets();

INSERT INTO report_tickets (${COLUMNS})
  SELECT ${ROW} FROM ${FROM_ROWS('tickets')};

DROP INDEX tickets_report_service_day_idx;
DROP INDEX tickets_report_staff_day_idx;
ANALYZE report_tickets;
`,
};
