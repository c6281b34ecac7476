/**
 * The live overview's figures kept as tickets change, not counted on every load
 * (repositories/overview.ts).
 *
 * The overview counts each station's tickets of its current day. Counted from
 * `tickets`, every one of those rows' JSON documents (with their history) was
 * decoded on every load: at 1,300 stations × 105 tickets today that took 1.7 s
 * on the bench (EXPLAIN ANALYZE: ~230,000 row visits, every page already in
 * memory). Now a load reads a few summary rows per station:
 *
 * - `overview_queue_days` per (station, day, queue): open (waiting, called or
 *   being served), waiting, served, and the oldest waiting ticket's issue time;
 * - `overview_counter_days` per (station, day, counter): its tickets called or
 *   being served, and its latest call (whether it is "open" depends on the
 *   clock, so the load decides that).
 *
 * They are recomputed from `overview_tickets`, a short row per ticket with just
 * those fields, for the keys each statement on `tickets` touched (statement
 * triggers, as migration 017's marks: every writer — push, hub uplink, admin, a
 * late ticket from a device that was offline — is covered). Device pushes run
 * concurrently, so the trigger first takes an advisory lock per touched (station,
 * day), in order, held to commit; then recomputes in a new statement, whose READ
 * COMMITTED snapshot holds every transaction that held the lock before — so the
 * last writer's figures include everybody's tickets. One lock per station day,
 * not per queue: a push's UPDATE and INSERT statements then cannot take two
 * queues' locks in opposite orders (a deadlock). Two pushes of one station wait
 * for each other from their ticket write to commit — a few milliseconds.
 * A tombstoned ticket (`deleted`) counts nowhere.
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

/** The (station, day, queue, counter) of each row of `rows` (a transition table) with a day. */
const keysOf = (rows: string) =>
  `SELECT station_id, doc->>'day' AS day, coalesce(doc->>'queue', '') AS queue, doc->>'counter' AS counter
   FROM ${rows} WHERE doc->>'day' IS NOT NULL`;

/**
 * "Door" + 1: the first key of the per-(station, day) lock, the second is hashtext(station id || '/' || day).
 * A literal, as every released migration's SQL must stay as it was (sync/server/db/locks.ts names it).
 */
const STATION_DAY_LOCK = 0x446f6f73;

/**
 * Recomputes the summary rows of the keys `keys` (keysOf rows) from overview_tickets, under the lock of
 * each (station, day) they belong to, taken in order.
 */
const recompute = (keys: string) => `
    PERFORM pg_advisory_xact_lock(${STATION_DAY_LOCK}, hashtext(k.station_id || '/' || k.day))
      FROM (SELECT DISTINCT station_id, day FROM (${keys}) k0 ORDER BY 1, 2) k;
    INSERT INTO overview_queue_days AS q (station_id, day, queue, open, waiting, served, oldest_waiting)
      SELECT k.station_id, k.day, k.queue,
        count(*) FILTER (WHERE o.status IN ('waiting', 'called', 'serving')),
        count(*) FILTER (WHERE o.status = 'waiting'), count(*) FILTER (WHERE o.status = 'done'),
        min(o.issued_at) FILTER (WHERE o.status = 'waiting')
      FROM (SELECT DISTINCT station_id, day, queue FROM (${keys}) k0) k
      LEFT JOIN overview_tickets o ON o.station_id = k.station_id AND o.day = k.day AND o.queue = k.queue
      GROUP BY 1, 2, 3
      ON CONFLICT (station_id, day, queue) DO UPDATE SET open = excluded.open, waiting = excluded.waiting,
        served = excluded.served, oldest_waiting = excluded.oldest_waiting;
    INSERT INTO overview_counter_days AS c (station_id, day, counter, open, last_called_at)
      SELECT k.station_id, k.day, k.counter, count(*) FILTER (WHERE o.status IN ('called', 'serving')),
        max(o.called_at)
      FROM (SELECT DISTINCT station_id, day, counter FROM (${keys}) k0 WHERE counter IS NOT NULL) k
      LEFT JOIN overview_tickets o ON o.station_id = k.station_id AND o.day = k.day AND o.counter = k.counter
      GROUP BY 1, 2, 3
      ON CONFLICT (station_id, day, counter) DO UPDATE SET open = excluded.open,
        last_called_at = excluded.last_called_at;`;

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
CREATE INDEX overview_tickets_queue_idx ON overview_tickets (station_id, day, queue);
CREATE INDEX overview_tickets_counter_idx ON overview_tickets (station_id, day, counter);
-- The pruning deletes by day alone.
CREATE INDEX overview_tickets_day_idx ON overview_tickets (day);

CREATE TABLE overview_queue_days (
  station_id text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  queue text COLLATE "C" NOT NULL,
  open integer NOT NULL,
  waiting integer NOT NULL,
  served integer NOT NULL,
  oldest_waiting bigint,
  PRIMARY KEY (station_id, day, queue)
);
CREATE INDEX overview_queue_days_day_idx ON overview_queue_days (day);

CREATE TABLE overview_counter_days (
  station_id text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  counter text COLLATE "C" NOT NULL,
  open integer NOT NULL,
  last_called_at bigint,
  PRIMARY KEY (station_id, day, counter)
);
CREATE INDEX overview_counter_days_day_idx ON overview_counter_days (day);

CREATE FUNCTION overview_copy_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM overview_tickets;
    DELETE FROM overview_queue_days;
    DELETE FROM overview_counter_days;
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
  IF TG_OP = 'INSERT' THEN
    ${recompute(keysOf('overview_new_rows'))}
  ELSIF TG_OP = 'UPDATE' THEN
    ${recompute(`${keysOf('overview_new_rows')} UNION ${keysOf('overview_old_rows')}`)}
  ELSE
    ${recompute(keysOf('overview_old_rows'))}
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
INSERT INTO overview_queue_days (station_id, day, queue, open, waiting, served, oldest_waiting)
  SELECT station_id, day, queue, count(*) FILTER (WHERE status IN ('waiting', 'called', 'serving')),
    count(*) FILTER (WHERE status = 'waiting'), count(*) FILTER (WHERE status = 'done'),
    min(issued_at) FILTER (WHERE status = 'waiting')
  FROM overview_tickets GROUP BY 1, 2, 3;
INSERT INTO overview_counter_days (station_id, day, counter, open, last_called_at)
  SELECT station_id, day, counter, count(*) FILTER (WHERE status IN ('called', 'serving')), max(called_at)
  FROM overview_tickets WHERE counter IS NOT NULL GROUP BY 1, 2, 3;
`,
};
