/**
 * Numbers never doubled at the server: one ticket per (station, day, number). The
 * number carries its queue letter and a transfer keeps it, so the letter needs no
 * column of its own.
 *
 * Districts that ran before this index may already hold duplicates (a kiosk
 * re-enrolled mid-day issued B001 again). Those rows cannot be renumbered — a
 * changed document would conflict on every device that holds it — so every
 * duplicate but the first written is marked `legacy_duplicate` and left out of
 * the index; the pushes that update them never clear the mark (writeRows does
 * not touch the column). Every ticket written from now on is in the index.
 */
import type { Migration } from './migration.ts';

export const migration003: Migration = {
  version: 3,
  name: 'ticket_numbers',
  sql: `
ALTER TABLE tickets ADD COLUMN legacy_duplicate boolean NOT NULL DEFAULT false;
UPDATE tickets SET legacy_duplicate = true
WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (PARTITION BY station_id, doc->>'day', doc->>'number' ORDER BY lwt, id) AS n
    FROM tickets
  ) ranked
  WHERE n > 1
);
CREATE UNIQUE INDEX tickets_station_day_number_key
  ON tickets (station_id, (doc->>'day'), (doc->>'number'))
  WHERE NOT legacy_duplicate;
`,
};
