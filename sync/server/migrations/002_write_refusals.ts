/**
 * Writes the district refused: one row per refused document, so an operator can
 * see which device tried what and which rule stopped it. The device keeps the
 * refused document and shows the same reason in its diagnostics.
 */
import type { Migration } from './migration.ts';

export const migration002: Migration = {
  version: 2,
  name: 'write_refusals',
  sql: `
CREATE TABLE write_refusals (
  id bigserial PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  device_id text COLLATE "C" NOT NULL,
  collection text NOT NULL,
  doc_id text COLLATE "C" NOT NULL,
  -- The refusal code (a closed list in sync/protocol), e.g. 'role_forbidden'.
  rule text NOT NULL,
  message text NOT NULL,
  refused_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX write_refusals_station_idx ON write_refusals (station_id, refused_at DESC);
CREATE INDEX write_refusals_device_idx ON write_refusals (device_id, refused_at DESC);
`,
};
