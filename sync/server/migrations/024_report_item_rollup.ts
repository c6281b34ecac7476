/**
 * The report's figures per item (service) and day, district-wide and per street,
 * so a district or street report filtered by category or item reads stored rows
 * instead of every ticket of its span (repositories/report-item-rollup.ts).
 *
 * Migration 023 made a filtered report read short rows, but it still read every
 * ticket of its two periods: at a real day's density (1,300 stations × 105
 * tickets a day, bench/reports.ts) a category's district month is 1.17 M tickets
 * and took 5.1 s. Here a category's month is its items' rows: ~6 items × 60 days.
 *
 * Rows are kept per item, not per category: a report looks the category's items
 * up when it runs, so an item moved to another category takes its past tickets
 * along, as before. A day's item rows are re-aggregated from all of that day's
 * tickets at once (a station day's share of them is too small to be worth a row
 * of its own: ~2.5 tickets an item), so they are refreshed apart from the station
 * rollup and less often (the background refresh), after `report_item_dirty`
 * marks: the station rollup's refresh marks every day it re-aggregated, in the
 * same transaction that deletes the station marks it took. A report reads a
 * day's item rows only when neither kind of mark of that day is visible in its
 * snapshot; any other day it aggregates from its tickets, as before.
 *
 * Every day with tickets is marked here; the background refresh fills them in.
 */
import type { Migration } from './migration.ts';

export const migration024: Migration = {
  version: 24,
  name: 'report_item_rollup',
  sql: `
CREATE TABLE report_item_rollup (
  service_id text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  -- 'district' (street ''), or 'street' with the stations' street (coalesce(street, '')).
  scope text COLLATE "C" NOT NULL CHECK (scope IN ('district', 'street')),
  street text COLLATE "C" NOT NULL,
  issued integer NOT NULL,
  served integer NOT NULL,
  no_show integer NOT NULL,
  cancelled integer NOT NULL,
  called integer NOT NULL,
  within integer NOT NULL,
  est_called integer NOT NULL,
  est_inside integer NOT NULL,
  hours integer[] NOT NULL,
  wait_v integer[] NOT NULL,
  wait_c integer[] NOT NULL,
  service_v integer[] NOT NULL,
  service_c integer[] NOT NULL,
  error_v integer[] NOT NULL,
  error_c integer[] NOT NULL,
  -- An item's (or a category's items') days: one range per item.
  PRIMARY KEY (service_id, day, scope, street)
);
CREATE INDEX report_item_rollup_day_idx ON report_item_rollup (day);

-- Days whose item rows are stale. Appended, never upserted (as migration 020's station marks), and
-- deleted by id by the refresh that read them; \`at\` lets the refresh wait for a busy day to settle.
CREATE TABLE report_item_dirty (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  day text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_item_dirty_day_idx ON report_item_dirty (day);

CREATE FUNCTION report_items_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_item_rollup;
  DELETE FROM report_item_dirty;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_report_items_truncate AFTER TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION report_items_truncate();

INSERT INTO report_item_dirty (day) SELECT DISTINCT day FROM report_tickets;
`,
};
