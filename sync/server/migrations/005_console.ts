/**
 * The district operator's console: operator accounts and their server-side
 * sessions (so several server instances share them), sign-in failures (for the
 * lockout), an audit log of every change, the street (街镇) each station belongs
 * to (a supervisor's scope), and what the server learns of each device when it
 * calls (last seen, app version).
 */
import type { Migration } from './migration.ts';

export const migration005: Migration = {
  version: 5,
  name: 'console',
  sql: `
ALTER TABLE stations ADD COLUMN street text NOT NULL DEFAULT '';
CREATE INDEX stations_street_idx ON stations (street, id);

ALTER TABLE devices ADD COLUMN last_seen_at timestamptz;
ALTER TABLE devices ADD COLUMN app_version text;

CREATE TABLE operators (
  id bigserial PRIMARY KEY,
  username text COLLATE "C" NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'viewer')),
  -- The street a supervisor looks after; '' for the others.
  street text NOT NULL DEFAULT '',
  -- argon2id, PHC string format.
  password_hash text NOT NULL,
  disabled_at timestamptz,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_sessions (
  -- sha256 (hex) of the session cookie; the cookie value itself is never stored.
  token_hash text PRIMARY KEY,
  operator_id bigint NOT NULL REFERENCES operators (id),
  -- Synchronizer token: sent by the page in a header with every change.
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX operator_sessions_operator_idx ON operator_sessions (operator_id);

CREATE TABLE sign_in_failures (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_username_idx ON sign_in_failures (username, at);
CREATE INDEX sign_in_failures_ip_idx ON sign_in_failures (ip, at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- Who: an operator's username, 'admin-token' for scripts, 'cli' for the command line.
  actor text NOT NULL,
  action text NOT NULL,
  -- What: e.g. 'service', 'station', 'device', 'staff', 'operator'.
  target_type text NOT NULL,
  target_id text NOT NULL,
  -- The station the change belongs to ('' for district-wide); a supervisor sees its own.
  station_id text COLLATE "C" NOT NULL DEFAULT '',
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_station_idx ON audit_log (station_id, at DESC);

-- The console searches and pages the catalog; these keep it fast at 60,000 rows.
-- The search text is kept beside the document (names and department in every
-- language, and the id), so a search reads one short column instead of parsing
-- every document.
ALTER TABLE services ADD COLUMN console_search text GENERATED ALWAYS AS (lower(
  id || ' ' || coalesce(doc->'name'->>'zh-Hans', '') || ' ' || coalesce(doc->'name'->>'zh-Hant', '') || ' ' ||
  coalesce(doc->'name'->>'en', '') || ' ' || coalesce(doc->'department'->>'zh-Hans', '') || ' ' ||
  coalesce(doc->'department'->>'en', '')
)) STORED;
CREATE INDEX services_category_idx ON services ((doc->>'category'));
`,
};
