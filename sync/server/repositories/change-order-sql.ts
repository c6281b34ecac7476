/**
 * The SQL every replicated collection shares: reading in change order, locking,
 * and writing rows with fresh write positions. Used by pushes from devices and by
 * the district's catalog writes alike.
 */
import type { ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import type { Queryable } from '#server/db/db.ts';
import { LOCK_NAMESPACE } from '#server/db/locks.ts';
import type { ServerCollection } from '#server/domain/collections.ts';
import type { RowWrite, StoredRow } from '#server/domain/documents.ts';
import { STORED_ROW_COLUMNS, toNumber, toStoredRow, type StoredRowSql } from './rows.ts';

/** Below every real position: lwt_seq starts at 1. */
const ORIGIN: ReplicationCheckpoint = { lwt: 0, id: '' };

/**
 * Serialises writers of one collection until COMMIT.
 *
 * Why: nextval() hands out lwt when a statement runs, not when its transaction
 * commits. Without this lock, transaction A could take lwt 10, B take lwt 11 and
 * commit first; a device pulling then gets 11 and moves its checkpoint past 10,
 * and when A commits, row 10 is behind every checkpoint: skipped forever. Holding
 * the lock from before nextval() until commit makes lwt order equal commit order
 * within a collection (the lock is released only after the commit is visible).
 * It must be taken before any nextval() in the transaction. A transaction that
 * writes several collections locks them in ascending key order, so writers
 * cannot deadlock.
 */
export async function lockCollection(q: Queryable, collection: ServerCollection): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, collection.lockKey]);
}

/** The SQL condition for one station's scope; `$n` is the station parameter. */
function scopeCondition(collection: ServerCollection, param: string): string {
  return collection.scope === 'station-or-district' ? `station_id IN ('', ${param})` : `station_id = ${param}`;
}

/**
 * Rows after `checkpoint` in (lwt, id) order. The station filter sits inside the
 * SQL, before LIMIT: a short page tells RxDB it has caught up, so filtering after
 * LIMIT would stall sync while other stations' rows fill the page.
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
     WHERE (lwt, id) > ($1::bigint, $2::text COLLATE "C") ${scope}
     ORDER BY lwt, id LIMIT $3`,
    params,
  );
  return rows.map(toStoredRow);
}

/** Position of the newest row of the whole collection. */
export async function selectHead(q: Queryable, collection: ServerCollection): Promise<ReplicationCheckpoint | null> {
  const [row] = await q.query<{ lwt: unknown; id: string }>(
    `SELECT lwt, id FROM ${collection.table} ORDER BY lwt DESC, id DESC LIMIT 1`,
  );
  return row ? { lwt: toNumber(row.lwt), id: row.id } : null;
}

/** Current rows for these ids, locked until the transaction ends. Call after lockCollection. */
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

/** Upserts rows in one statement, each with a fresh lwt. Call after lockCollection. */
export async function writeRows(
  q: Queryable,
  collection: ServerCollection,
  writes: readonly RowWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const records = writes.map((w) => ({ id: w.id, station_id: w.stationId, deleted: w.deleted, doc: w.doc }));
  await q.query(
    `INSERT INTO ${collection.table} (id, station_id, lwt, deleted, doc)
     SELECT r.id, r.station_id, nextval('lwt_seq'), r.deleted, r.doc
     FROM jsonb_to_recordset($1::jsonb) AS r (id text, station_id text, deleted boolean, doc jsonb)
     ON CONFLICT (id) DO UPDATE
       SET station_id = EXCLUDED.station_id, lwt = EXCLUDED.lwt, deleted = EXCLUDED.deleted, doc = EXCLUDED.doc`,
    [JSON.stringify(records)],
  );
}
