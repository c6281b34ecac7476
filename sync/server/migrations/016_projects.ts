/**
 * Needs → projects (issue 15 item 4, 三张清单). `projects` is a replicated table
 * like the others (server-assigned lwt, tombstones, the same change-order
 * indexes): the station's devices pull it, and only the district writes it.
 * `project_needs` links each need to the one project it became; it stays on the
 * district (devices never see which resident's need went where). The index on the
 * needs' station and time serves the console's list of every station's needs.
 * No foreign keys, so TRUNCATE in tests and tools works table by table.
 */
import type { Migration } from './migration.ts';

export const migration016: Migration = {
  version: 16,
  name: 'projects',
  sql: `
CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  lwt bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE INDEX projects_lwt_idx ON projects (lwt, id);
CREATE INDEX projects_station_lwt_idx ON projects (station_id, lwt, id);

CREATE TABLE project_needs (
  need_id text COLLATE "C" PRIMARY KEY,
  project_id text COLLATE "C" NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  linked_by text NOT NULL
);
CREATE INDEX project_needs_project_idx ON project_needs (project_id);

CREATE INDEX needs_console_idx ON needs (((doc->>'createdAt')::numeric) DESC, id) WHERE NOT deleted;
`,
};
