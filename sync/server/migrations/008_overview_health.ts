/**
 * The district console's live overview and device health: each device's own health
 * report (a replicated collection like the others, written only by the device), the
 * waiting-time bands the district sets per queue letter, and an index the overview
 * reads today's open tickets of every station through.
 */
import type { Migration } from './migration.ts';

export const migration008: Migration = {
  version: 8,
  name: 'overview_health',
  sql: `
CREATE TABLE device_health (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  lwt bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE INDEX device_health_lwt_idx ON device_health (lwt, id);
CREATE INDEX device_health_station_lwt_idx ON device_health (station_id, lwt, id);

-- Warning and critical wait, in minutes, per queue letter; the row with queue ''
-- applies to every letter without its own. The district's defaults are 20 and 40.
CREATE TABLE wait_thresholds (
  queue text COLLATE "C" PRIMARY KEY CHECK (queue = '' OR queue ~ '^[A-Z]$'),
  warning_minutes integer NOT NULL CHECK (warning_minutes BETWEEN 1 AND 1440),
  critical_minutes integer NOT NULL CHECK (critical_minutes BETWEEN 1 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (warning_minutes <= critical_minutes)
);
INSERT INTO wait_thresholds (queue, warning_minutes, critical_minutes) VALUES ('', 20, 40);

-- The overview counts each station's waiting tickets of its current day: those rows
-- are few among a year's history, and this index reaches them without the rest.
CREATE INDEX tickets_open_idx ON tickets (station_id, (doc->>'day'), (doc->>'queue'))
  WHERE doc->>'status' IN ('waiting', 'called', 'serving');
`,
};
