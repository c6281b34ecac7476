/**
 * Appointments (issue 13): a replicated collection like the others (server write
 * position, tombstones kept), plus an index the booking rules read a station's
 * appointments of one day through, for slot capacity and check-in codes.
 */
import type { Migration } from './migration.ts';

export const migration013: Migration = {
  version: 13,
  name: 'appointments',
  sql: `
CREATE TABLE appointments (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  lwt bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE INDEX appointments_lwt_idx ON appointments (lwt, id);
CREATE INDEX appointments_station_lwt_idx ON appointments (station_id, lwt, id);
CREATE INDEX appointments_station_day_idx ON appointments (station_id, (doc->>'day'));
`,
};
