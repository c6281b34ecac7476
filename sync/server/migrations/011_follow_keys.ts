/**
 * One random key per station for the "follow your turn" links on tickets
 * (sync/protocol/follow-link.ts): devices sign each ticket's link with it offline,
 * the district checks links with it. Created on demand, the first time a device of
 * the station asks for it; kept as base64url text of 32 random bytes.
 */
import type { Migration } from './migration.ts';

export const migration011: Migration = {
  version: 11,
  name: 'follow_keys',
  sql: `
CREATE TABLE follow_keys (
  -- No foreign key: stations are never deleted, and one would stop TRUNCATE stations in tests and tools.
  station_id text COLLATE "C" PRIMARY KEY,
  key text NOT NULL CHECK (length(key) >= 22),
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
};
