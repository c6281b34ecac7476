/**
 * The first schema: the district registry (stations, devices, enrolment codes) and
 * one table per replicated collection.
 *
 * Kept as TypeScript rather than a .sql file so it ships inside any bundle. The
 * table list is spelled out here, not imported, so later code changes cannot alter
 * a migration that already ran.
 */
import type { Migration } from './migration.ts';

// `lwt` (write position) of every replicated row comes from this one sequence. It is
// server-assigned, so sync order never depends on a device clock.
const sequence = `CREATE SEQUENCE lwt_seq AS bigint MINVALUE 1;`;

// Ids use the "C" collation: byte order is the same on PGlite and on any
// PostgreSQL locale, and (lwt, id) checkpoints compare identically everywhere.
const registry = `
CREATE TABLE stations (
  id text COLLATE "C" PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL REFERENCES stations (id),
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('kiosk', 'counter', 'display')),
  issuing_slot integer NOT NULL,
  issuing_slots integer NOT NULL,
  -- sha256 (hex) of the credential; the credential itself is never stored.
  credential_hash text NOT NULL UNIQUE,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX devices_station_idx ON devices (station_id);
-- Two ticket-issuing devices in one slot would print the same numbers on the same day.
CREATE UNIQUE INDEX devices_issuing_slot_idx ON devices (station_id, issuing_slot)
  WHERE revoked_at IS NULL AND role IN ('kiosk', 'counter');

CREATE TABLE enrolment_codes (
  -- sha256 (hex) of the normalised code.
  code_hash text PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL REFERENCES stations (id),
  role text NOT NULL CHECK (role IN ('kiosk', 'counter', 'display')),
  issuing_slot integer NOT NULL,
  issuing_slots integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id text COLLATE "C" REFERENCES devices (id)
);
`;

function replicatedTable(table: string): string {
  return `
CREATE TABLE ${table} (
  id text COLLATE "C" PRIMARY KEY,
  -- '' for district-wide rows (services only).
  station_id text COLLATE "C" NOT NULL,
  lwt bigint NOT NULL,
  -- Tombstones stay: a device that was offline must still learn of the delete.
  deleted boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE INDEX ${table}_lwt_idx ON ${table} (lwt, id);
CREATE INDEX ${table}_station_lwt_idx ON ${table} (station_id, lwt, id);
`;
}

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: [
    sequence,
    registry,
    ...['services', 'station_docs', 'tickets', 'needs', 'help_requests'].map(replicatedTable),
  ].join('\n'),
};
