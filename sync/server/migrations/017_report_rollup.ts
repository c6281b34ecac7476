/**
 * Reports at district scale (repositories/report-rollup.ts): one row of figures per
 * (station, day), and the same figures merged per (street, day) and per district
 * day, so a district month reads ~60 rows instead of every ticket of two months.
 *
 * Kept right lazily: every write to `tickets` marks its (station, day) in
 * `report_dirty` (statement triggers, so every writer — push, hub uplink, admin,
 * a late ticket of a past day from a device that was offline — is covered, and a
 * push pays one small upsert per statement, not a re-aggregation). A report first
 * re-aggregates the marked pairs of its span, then reads. The mark is an upsert
 * that always takes the row lock (DO UPDATE, never DO NOTHING): a refresh deleting
 * the mark then waits for the writer's commit, and so sees its ticket.
 *
 * Percentiles cannot be summed, so a row keeps histograms instead: minutes in
 * tenths (6-second buckets), as ascending values with their counts. Existing
 * tickets are marked here and aggregated by the first report that covers them.
 */
import type { Migration } from './migration.ts';

export const migration017: Migration = {
  version: 17,
  name: 'report_rollup',
  sql: `
CREATE TABLE report_rollup (
  kind text NOT NULL CHECK (kind IN ('station', 'street', 'district')),
  -- The station id, the street, or '' for the district.
  key text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  issued integer NOT NULL,
  served integer NOT NULL,
  no_show integer NOT NULL,
  cancelled integer NOT NULL,
  called integer NOT NULL,
  within integer NOT NULL,
  -- Called tickets that carried the wait estimate shown at issue, and how many were called inside its range.
  est_called integer NOT NULL,
  est_inside integer NOT NULL,
  -- Issued tickets per station-local hour 0..23.
  hours integer[] NOT NULL,
  wait_v integer[] NOT NULL,
  wait_c integer[] NOT NULL,
  service_v integer[] NOT NULL,
  service_c integer[] NOT NULL,
  error_v integer[] NOT NULL,
  error_c integer[] NOT NULL,
  PRIMARY KEY (kind, key, day)
);
CREATE INDEX report_rollup_day_idx ON report_rollup (day, kind);

CREATE TABLE report_dirty (
  day text COLLATE "C" NOT NULL,
  station_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (day, station_id)
);

CREATE FUNCTION report_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM report_rollup;
    DELETE FROM report_dirty;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO report_dirty (day, station_id)
      SELECT DISTINCT doc->>'day', station_id FROM report_new_rows WHERE doc->>'day' IS NOT NULL
      ON CONFLICT (day, station_id) DO UPDATE SET day = excluded.day;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_dirty (day, station_id)
      SELECT doc->>'day', station_id FROM report_new_rows WHERE doc->>'day' IS NOT NULL
      UNION SELECT doc->>'day', station_id FROM report_old_rows WHERE doc->>'day' IS NOT NULL
      ON CONFLICT (day, station_id) DO UPDATE SET day = excluded.day;
  ELSE
    INSERT INTO report_dirty (day, station_id)
      SELECT DISTINCT doc->>'day', station_id FROM report_old_rows WHERE doc->>'day' IS NOT NULL
      ON CONFLICT (day, station_id) DO UPDATE SET day = excluded.day;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tickets_report_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS report_new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
CREATE TRIGGER tickets_report_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS report_old_rows NEW TABLE AS report_new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
CREATE TRIGGER tickets_report_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS report_old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
CREATE TRIGGER tickets_report_truncate AFTER TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();

-- A station moved to another street: its days are merged into the new street's rows.
CREATE FUNCTION report_mark_station_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.street IS DISTINCT FROM OLD.street THEN
    INSERT INTO report_dirty (day, station_id)
      SELECT day, key FROM report_rollup WHERE kind = 'station' AND key = NEW.id
      ON CONFLICT (day, station_id) DO UPDATE SET day = excluded.day;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stations_report_street AFTER UPDATE OF street ON stations
  FOR EACH ROW EXECUTE FUNCTION report_mark_station_days();

INSERT INTO report_dirty (day, station_id)
  SELECT DISTINCT doc->>'day', station_id FROM tickets WHERE doc->>'day' IS NOT NULL;
`,
};
