/**
 * Reports (console): the report reads the tickets of a span of station-local days
 * (repositories/reports-sql.ts). Without an index on the day, every report —
 * even one station's week — reads every ticket the district ever stored. The day
 * leads, so a district-wide period is one range; the station follows, so one
 * station's period is a narrower range of the same index. Tombstones are never
 * reported, so they stay out of it.
 */
import type { Migration } from './migration.ts';

export const migration012: Migration = {
  version: 12,
  name: 'reports',
  sql: `
CREATE INDEX tickets_report_day_idx ON tickets ((doc->>'day'), station_id) WHERE NOT deleted;
CREATE INDEX tickets_report_station_day_idx ON tickets (station_id, (doc->>'day')) WHERE NOT deleted;
`,
};
