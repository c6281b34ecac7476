/**
 * One random public key per station for the resident's booking page
 * (`/book/<key>`, routes/booking.ts): the link a station's poster or QR code
 * carries. Its own key, not the follow key (which signs ticket links and must stay
 * with the station's devices), and not the station id, so the page names no
 * internal identifier and a station's page cannot be found by guessing ids.
 * Created on demand, the first time an operator asks for the link.
 */
import type { Migration } from './migration.ts';

export const migration018: Migration = {
  version: 18,
  name: 'booking_keys',
  sql: `
CREATE TABLE booking_keys (
  -- No foreign key: stations are never deleted, and one would stop TRUNCATE stations in tests and tools.
  station_id text COLLATE "C" PRIMARY KEY,
  key text COLLATE "C" NOT NULL UNIQUE CHECK (length(key) >= 22),
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
};
