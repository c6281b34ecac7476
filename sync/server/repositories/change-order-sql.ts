/**
 * The SQL every replicated collection shares: reading in change order and writing
 * rows at fresh write positions. Used by pushes from devices and by the district's
 * catalog writes alike.
 *
 * Why no row is ever skipped, without serialising writers:
 *
 * A puller moves its checkpoint past every row it was given, so a row that becomes
 * visible *below* a checkpoint already handed out is lost for good. Taking `lwt`
 * from a sequence allows exactly that: nextval() runs before COMMIT, so A can take
 * 10, B take 11 and commit first; a pull then returns 11, and A's 10 commits
 * behind it. (Until migration 007 a per-collection lock held from nextval() to
 * COMMIT prevented it, at the price of one writer per collection at a time, commit
 * fsync included.)
 *
 * Now a row's position is its writing transaction's id, plus a constant offset
 * (WRITE_POSITION). Every read serves only rows whose transaction id is below
 * `pg_snapshot_xmin(pg_current_snapshot())` (READ_BOUND): the oldest transaction
 * still running when the read's snapshot was taken. Every transaction below that
 * id has ended, so each row served is committed and final. A row that becomes
 * visible later belongs to a transaction that was still running, or had not begun,
 * at that snapshot: its id is at or above the bound, so its position is above
 * every position ever served from that snapshot, and above every checkpoint made
 * from it. All rows of one transaction share one position and commit together, so
 * `(lwt, id)` still orders them and a page cut inside one transaction resumes
 * correctly. Writers only wait for each other on the same document (row locks),
 * and commit in parallel (PostgreSQL groups their WAL flushes).
 *
 * The price: a committed row waits until every older transaction of the cluster
 * has ended (milliseconds; a session left "idle in transaction" holds sync back,
 * so production sets idle_in_transaction_session_timeout — docs/scaling.md).
 * `hasHeldBack` tells readers when rows are waiting, so the live feed and pulls
 * look again instead of treating the short page as "caught up".
 *
 * PGlite is one session: a read never overlaps a write transaction, the bound is
 * always past every row, and the same SQL serves both drivers.
 */
import type { ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import type { Db, Queryable, Tx } from '#server/db/db.ts';
import { LOCK_NAMESPACE } from '#server/db/locks.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import type { RowWrite, StoredRow } from '#server/domain/documents.ts';
import { STORED_ROW_COLUMNS, toNumber, toStoredRow, type StoredRowSql } from './rows.ts';

/** Below every real position. */
const ORIGIN: ReplicationCheckpoint = { lwt: 0, id: '' };

/** The writing transaction's position: its id (assigned if it has none yet) plus the offset of migration 007. */
const WRITE_POSITION = `(SELECT pg_current_xact_id()::text::bigint + xid_offset FROM write_position_origin)`;

/** Positions below this belong to transactions that have all ended (see the module comment). */
const READ_BOUND = `(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint + xid_offset FROM write_position_origin)`;

/**
 * Serialises the district's catalog writers of one collection with each other, so
 * a catalog import's read-plan-write sees no other import in between. Not needed
 * for ordering (see above) and never taken by device pushes. Transactions that
 * lock several collections lock them in ascending key order, so they cannot deadlock.
 */
export async function lockCollection(q: Queryable, collection: ServerCollection): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, collection.lockKey]);
}

/** The SQL condition for one station's scope; `$n` is the station parameter. */
function scopeCondition(collection: ServerCollection, param: string): string {
  return collection.scope === 'station-or-district' ? `station_id IN ('', ${param})` : `station_id = ${param}`;
}

/**
 * Rows after `checkpoint` in (lwt, id) order, final ones only (below READ_BOUND).
 * The station filter sits inside the SQL, before LIMIT: a short page tells RxDB it
 * has caught up, so filtering after LIMIT would stall sync while other stations'
 * rows fill the page.
 */
export async function selectAfter(
  q: Queryable,
  collection: ServerCollection,
  checkpoint: ReplicationCheckpoint | null,
  limit: number,
  stationId?: string,
): Promise<StoredRow[]> {
  const from = checkpoint ?? ORIGIN;
  const scope = stationId === undefined ? '' : `AND ${scopeCondition(collection, '$4')}`;
  const params = stationId === undefined ? [from.lwt, from.id, limit] : [from.lwt, from.id, limit, stationId];
  const rows = await q.query<StoredRowSql>(
    `SELECT ${STORED_ROW_COLUMNS} FROM ${collection.table}
     WHERE (lwt, id) > ($1::bigint, $2::text COLLATE "C") AND lwt < ${READ_BOUND} ${scope}
     ORDER BY lwt, id LIMIT $3`,
    params,
  );
  return rows.map(toStoredRow);
}

/**
 * Whether committed rows of the scope wait above the read bound (an older
 * transaction is still running); a reader that got a short page looks again soon.
 */
export async function hasHeldBack(q: Queryable, collection: ServerCollection, stationId?: string): Promise<boolean> {
  const scope = stationId === undefined ? '' : `WHERE ${scopeCondition(collection, '$1')}`;
  const [row] = await q.query<{ held: boolean | null }>(
    `SELECT (SELECT max(lwt) FROM ${collection.table} ${scope}) >= ${READ_BOUND} AS held`,
    stationId === undefined ? [] : [stationId],
  );
  return row?.held === true;
}

/**
 * Position of the newest row of the whole collection. `final`: of the newest row
 * a reader may be given (the live feed starts there); otherwise of any committed
 * row (the bound a device's checkpoint can never exceed).
 */
export async function selectHead(
  q: Queryable,
  collection: ServerCollection,
  final: boolean,
): Promise<ReplicationCheckpoint | null> {
  const [row] = await q.query<{ lwt: unknown; id: string }>(
    `SELECT lwt, id FROM ${collection.table} ${final ? `WHERE lwt < ${READ_BOUND}` : ''}
     ORDER BY lwt DESC, id DESC LIMIT 1`,
  );
  return row ? { lwt: toNumber(row.lwt), id: row.id } : null;
}

/** Current rows for these ids, locked until the transaction ends. */
export async function selectForUpdate(
  q: Queryable,
  collection: ServerCollection,
  ids: readonly string[],
): Promise<Map<string, StoredRow>> {
  if (ids.length === 0) return new Map();
  // Ids travel as one JSON array, which both drivers pass the same way.
  const rows = await q.query<StoredRowSql>(
    `SELECT ${STORED_ROW_COLUMNS} FROM ${collection.table}
     WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) FOR UPDATE`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((row) => [row.id, toStoredRow(row)]));
}

/** Rows to write, split by what the writer found: `updates` must be rows it holds locked (selectForUpdate). */
export interface PlannedWrites {
  inserts: readonly RowWrite[];
  updates: readonly RowWrite[];
}

/**
 * Another transaction inserted a row this one planned to insert (the same id, or a
 * ticket number the station already uses) and committed first. Nothing was
 * written; rerun the whole transaction, which will see that row.
 */
export class WriteRaceLost extends Error {
  constructor(collection: string, lost: number) {
    super(`${lost} ${collection} row(s) were inserted by a concurrent writer first`);
    this.name = 'WriteRaceLost';
  }
}

function records(writes: readonly RowWrite[]): string {
  return JSON.stringify(writes.map((w) => ({ id: w.id, station_id: w.stationId, deleted: w.deleted, doc: w.doc })));
}

/**
 * Writes rows at this transaction's position. Inserts never overwrite: without a
 * collection lock two writers may both find an id free, and the later one must
 * decide again against the row that won (its insert waits for that commit, then
 * does nothing; WriteRaceLost makes the caller rerun).
 * @throws WriteRaceLost
 */
export async function writeRows(
  q: Queryable,
  collection: ServerCollection,
  { inserts, updates }: PlannedWrites,
): Promise<void> {
  if (updates.length > 0) {
    await q.query(
      `UPDATE ${collection.table} AS t
       SET station_id = r.station_id, lwt = ${WRITE_POSITION}, deleted = r.deleted, doc = r.doc
       FROM jsonb_to_recordset($1::jsonb) AS r (id text, station_id text, deleted boolean, doc jsonb)
       WHERE t.id = r.id`,
      [records(updates)],
    );
  }
  if (inserts.length > 0) {
    // No conflict target: a clash on any unique index (id, or the station's ticket numbers) means "lost the race".
    const landed = await q.query(
      `INSERT INTO ${collection.table} (id, station_id, lwt, deleted, doc)
       SELECT r.id, r.station_id, ${WRITE_POSITION}, r.deleted, r.doc
       FROM jsonb_to_recordset($1::jsonb) AS r (id text, station_id text, deleted boolean, doc jsonb)
       ON CONFLICT DO NOTHING RETURNING id`,
      [records(inserts)],
    );
    if (landed.length < inserts.length) throw new WriteRaceLost(collection.name, inserts.length - landed.length);
  }
}

/** Attempts before a push that keeps losing races gives up (each loss means another writer made progress). */
const RACE_ATTEMPTS = 5;

/** Runs `fn` in a transaction, again from the start when it lost a write race. */
export async function transactionWithRetry<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (!(error instanceof WriteRaceLost) || attempt >= RACE_ATTEMPTS) throw error;
    }
  }
}

/**
 * After a restore from a dump into a fresh cluster, transaction ids start low again
 * and new positions would land below existing ones. Raises the offset so the next
 * position is above every row. ACCESS EXCLUSIVE waits for writers in flight (each
 * reads the offset) and holds new ones back, so no two writers see different
 * offsets out of order. A normal start finds nothing to do and takes no lock.
 */
export async function keepWritePositionsAhead(db: Db): Promise<boolean> {
  const newest = `greatest(${Object.values(SERVER_COLLECTIONS)
    .map((c) => `(SELECT max(lwt) FROM ${c.table})`)
    .join(', ')}, 0)`;
  const behind = `SELECT ${newest} - (pg_current_xact_id()::text::bigint + xid_offset) + 1 AS gap FROM write_position_origin`;
  return db.transaction(async (tx) => {
    const [first] = await tx.query<{ gap: unknown }>(behind);
    if (toNumber(first?.gap) <= 0) return false;
    await tx.query('LOCK TABLE write_position_origin IN ACCESS EXCLUSIVE MODE');
    const [gap] = await tx.query<{ gap: unknown }>(behind);
    const raise = toNumber(gap?.gap);
    if (raise <= 0) return false;
    await tx.query('UPDATE write_position_origin SET xid_offset = xid_offset + $1', [raise]);
    return true;
  });
}
