/**
 * The live overview's ticket figures read from a short row per ticket, not from
 * the ticket documents (repositories/overview.ts).
 *
 * The overview counts each station's tickets of its current day. Counted from
 * `tickets`, every one of those rows' JSON documents (with their history) was
 * decoded on every load: at 1,300 stations × 105 tickets today that took 1.7 s
 * on the bench (EXPLAIN ANALYZE: ~230,000 row visits of ticket JSON). Now a load
 * aggregates `overview_tickets`: per ticket its station, day, queue, status, issue
 * and call times and counter, in narrow rows under a (station, day) index — no JSON.
 *
 * Statement triggers (as migration 017's marks) keep it: every writer — push, hub
 * uplink, admin, a late ticket from a device that was offline — is covered. Each
 * statement only upserts or deletes the rows of the tickets it wrote, so it takes
 * no lock but those tickets' own rows, which the writer already holds: pushes
 * stay as concurrent as without it. (A first version kept per-station-day counts
 * recomputed under a per-station-day advisory lock; pushes waiting on that lock
 * held their transaction ids, and since every pull serves only rows below
 * pg_snapshot_xmin (repositories/change-order-sql.ts) each wait held back pulls
 * across the whole database. Aggregating these rows on load costs ~100 ms at
 * 136,000 tickets today, bench/overview.ts.) A tombstoned ticket (`deleted`) has
 * no row.
 *
 * Rows of past days serve nobody; the server prunes them in the background
 * (repositories/background-refresh.ts), but no figure depends on that. Existing
 * tickets of the last two days are copied here; older ones are never read.
 */
import type { Migration } from './migration.ts';

/** A document's epoch-ms field as bigint, or NULL when it is not a number (the push schema says it is). */
const ms = (field: string) =>
  `CASE WHEN jsonb_typeof(doc->'${field}') = 'number' AND abs((doc->>'${field}')::numeric) < 1e15
     THEN trunc((doc->>'${field}')::numeric)::bigint END`;

/** overview_tickets' columns from a `tickets` row. */
const ROW = `id, station_id, doc->>'day', coalesce(doc->>'queue', ''), coalesce(doc->>'status', ''),
  ${ms('issuedAt')}, ${ms('calledAt')}, doc->>'counter'`;

export const migration019: Migration = {
  version: 19,
  name: 'overview_tickets',
  sql: `
CREATE TABLE overview_tickets (
  id text COLLATE "C" PRIMARY KEY,
  station_id text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  queue text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL,
  issued_at bigint,
  called_at bigint,
  counter text COLLATE "C"
);
-- The overview reads one station day at a time.
CREATE INDEX overview_tickets_station_day_idx ON overview_tickets (station_id, day);
-- The pruning deletes by day alone.
CREATE INDEX overview_tickets_day_idx ON overview_tickets (day);

CREATE FUNCTION overview_copy_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM overview_tickets;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM overview_tickets o USING overview_old_rows r WHERE o.id = r.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO overview_tickets (id, station_id, day, queue, status, issued_at, called_at, counter)
      SELECT ${ROW} FROM overview_new_rows WHERE NOT deleted AND doc->>'day' IS NOT NULL
      ON CONFLICT (id) DO UPDATE SET station_id = excluded.station_id, day = excluded.day, queue = excluded.queue,
        status = excluded.status, issued_at = excluded.issued_at, called_at = excluded.called_at,
        counter = excluded.counter;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tickets_overview_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS overview_new_rows FOR EACH STATEMENT EXECUTE FUNCTION overview_copy_tickets();
CREATE TRIGGER tickets_overview_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS overview_old_rows NEW TABLE AS overview_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_copy_tickets();
CREATE TRIGGER tickets_overview_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS overview_old_rows FOR EACH STATEMENT EXECUTE FUNCTION overview_copy_tickets();
CREATE TRIGGER tickets_overview_truncate AFTER TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION overview_copy_tickets();

-- Station days run from UTC−12 to UTC+14: two days back covers every station's today. The cutoff goes
-- in as a literal, so the planner takes the (day, station) index of migration 012 (with now() in the
-- condition it guesses a third of the rows and reads the whole table): the copy costs the recent
-- tickets, not the history. ANALYZE first: without statistics on the index's expression (a freshly
-- loaded table) the planner again guesses a third of the rows.
ANALYZE tickets;
DO $copy$ BEGIN
  EXECUTE format($sql$
    INSERT INTO overview_tickets (id, station_id, day, queue, status, issued_at, called_at, counter)
      SELECT ${ROW} FROM tickets WHERE NOT deleted AND doc->>'day' >= %L
  $sql$, to_char(now() AT TIME ZONE 'UTC' - interval '2 days', 'YYYY-MM-DD'));
END $copy$;
`,
};
