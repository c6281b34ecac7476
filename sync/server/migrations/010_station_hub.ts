/**
 * The station hub (sync/README.md, "Station hub").
 *
 * On a district: which device is a station's hub. A hub is enrolled with a code
 * marked `hub`; at most one live hub per station, so "the station's hub" is one
 * device the district can name and revoke.
 *
 * On a hub (the same migrations run on its own PGlite): what still has to go up.
 * Every write a device makes on the hub is recorded in `hub_outbox` in the same
 * transaction, with the state it assumed and the device it came from, so the
 * district can run the ordinary push as that device. `hub_uplink` keeps where the
 * hub's pulls from the district stand and which station and hub identity it holds.
 * Both tables stay empty on a district.
 */
import type { Migration } from './migration.ts';

export const migration010: Migration = {
  version: 10,
  name: 'station_hub',
  sql: `
ALTER TABLE devices ADD COLUMN hub boolean NOT NULL DEFAULT false;
ALTER TABLE enrolment_codes ADD COLUMN hub boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX devices_station_hub_idx ON devices (station_id) WHERE hub AND revoked_at IS NULL;

CREATE TABLE hub_outbox (
  seq bigserial PRIMARY KEY,
  collection text NOT NULL,
  doc_id text COLLATE "C" NOT NULL,
  origin_device_id text COLLATE "C" NOT NULL,
  -- The wire document the device's write replaced (null: it created the document).
  assumed jsonb,
  next jsonb NOT NULL
);
CREATE INDEX hub_outbox_doc_idx ON hub_outbox (collection, doc_id);

CREATE TABLE hub_uplink (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
`,
};
