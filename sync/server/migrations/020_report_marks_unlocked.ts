/**
 * Report marks without a row lock (migration 017 made them an upsert on one row
 * per (day, station), DO UPDATE so a refresh deleting the mark waited for the
 * writer's commit).
 *
 * That upsert made every ticket write of a station day wait, from its trigger to
 * its commit, for any other writer of the same station day — and for a refresh
 * that had just deleted the mark. A waiting writer holds its transaction id, and
 * every pull serves only rows below the oldest running transaction id
 * (repositories/change-order-sql.ts), so each wait held back the live sync of
 * every station of the district.
 *
 * Now each statement appends marks of its own (a fresh id each, no unique
 * (day, station), so nobody waits on anybody). A refresh reads, in a statement of
 * its own, only the marks visible to it: those of writers that have committed,
 * whose tickets its later statements (READ COMMITTED) therefore see; it deletes
 * exactly those by id. A writer still running has marks the refresh cannot see;
 * they survive it and are taken by a later refresh, after that writer's commit. So no ticket write is lost between mark and read, and the
 * marks of several writers of one station day are simply several rows.
 */
import type { Migration } from './migration.ts';

/** The marks of the (day, station) pairs of a transition table's rows, once each per statement. */
const mark = (rows: string) =>
  `INSERT INTO report_dirty (day, station_id)
      SELECT DISTINCT doc->>'day', station_id FROM ${rows} WHERE doc->>'day' IS NOT NULL;`;

export const migration020: Migration = {
  version: 20,
  name: 'report_marks_unlocked',
  sql: `
ALTER TABLE report_dirty DROP CONSTRAINT report_dirty_pkey;
-- A refresh deletes exactly the marks it read, by id (repositories/report-rollup.ts).
ALTER TABLE report_dirty ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE INDEX report_dirty_day_station_idx ON report_dirty (day, station_id);

CREATE OR REPLACE FUNCTION report_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM report_rollup;
    DELETE FROM report_dirty;
  ELSIF TG_OP = 'INSERT' THEN
    ${mark('report_new_rows')}
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_dirty (day, station_id)
      SELECT doc->>'day', station_id FROM report_new_rows WHERE doc->>'day' IS NOT NULL
      UNION SELECT doc->>'day', station_id FROM report_old_rows WHERE doc->>'day' IS NOT NULL;
  ELSE
    ${mark('report_old_rows')}
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_mark_station_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.street IS DISTINCT FROM OLD.street THEN
    INSERT INTO report_dirty (day, station_id)
      SELECT day, key FROM report_rollup WHERE kind = 'station' AND key = NEW.id;
  END IF;
  RETURN NULL;
END $$;
`,
};
