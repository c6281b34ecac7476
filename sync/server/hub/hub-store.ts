/**
 * The station hub's own tables (migration 010) over its PGlite: the uplink's
 * record of device writes (`hub_outbox`), its pull positions and identity
 * (`hub_uplink`), the station's device list, and the district's documents written
 * into the hub's replicated tables so its devices pull them as usual.
 * sync/README.md, "Station hub", says why each step keeps every ticket once.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { HubDeviceList } from '#protocol/hub.ts';
import type {
  DeviceWritableCollection,
  PushRefusal,
  ReplicatedCollection,
  ReplicationCheckpoint,
} from '#protocol/wire-messages.ts';
import type { Db, Queryable, Tx } from '#server/db/db.ts';
import { SERVER_COLLECTIONS } from '#server/domain/collections.ts';
import { fromWireDoc, toWireDoc, type RowWrite, type WireDoc } from '#server/domain/documents.ts';
import { selectForUpdate, writeRows } from '#server/repositories/change-order-sql.ts';
import { notify } from '#server/repositories/events.ts';
import type { PushWriteHook } from '#server/repositories/pull-push.ts';
import { EVENTS_CHANNEL } from '#server/repositories/sql-repository.ts';
import { mergeForUpload } from './hub-merge.ts';

/** Who the hub is, as the district told it (kept, so a hub restarted offline still knows). */
export interface HubIdentity {
  stationId: string;
  hubDeviceId: string;
}

/** One device write waiting to reach the district. */
export interface OutboxEntry {
  seq: number;
  collection: DeviceWritableCollection;
  docId: string;
  origin: string;
  assumed: WireDoc | null;
  next: WireDoc;
}

interface OutboxSql {
  seq: unknown;
  collection: DeviceWritableCollection;
  doc_id: string;
  origin_device_id: string;
  assumed: WireDoc | null;
  next: WireDoc;
}

const toEntry = (r: OutboxSql): OutboxEntry => ({
  seq: Number(r.seq),
  collection: r.collection,
  docId: r.doc_id,
  origin: r.origin_device_id,
  assumed: r.assumed,
  next: r.next,
});

/** Records every stored device write in the push's own transaction (see PushWriteHook). */
export const recordHubWrites: PushWriteHook = async (tx, collection, device, writes) => {
  await tx.query(
    `INSERT INTO hub_outbox (collection, doc_id, origin_device_id, assumed, next)
     SELECT $1, r.doc_id, $2, r.assumed, r.next
     FROM jsonb_to_recordset($3::jsonb) AS r (doc_id text, assumed jsonb, next jsonb)`,
    [
      collection,
      device.id,
      JSON.stringify(writes.map((w) => ({ doc_id: w.after.id, assumed: w.before ?? null, next: toWireDoc(w.after) }))),
    ],
  );
};

async function getValue<T>(q: Queryable, key: string): Promise<T | null> {
  const [row] = await q.query<{ value: T }>('SELECT value FROM hub_uplink WHERE key = $1', [key]);
  return row?.value ?? null;
}

async function setValue(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `INSERT INTO hub_uplink (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, JSON.stringify(value)],
  );
}

/** Rows of the batch that are stored upstream now, and the district's versions of the rest. */
export interface UploadAnswer {
  conflicts: WireDoc[];
  refused: PushRefusal[];
}

export function hubStore(db: Db, channel: string = EVENTS_CHANNEL) {
  /** Writes district or merged documents into the hub's tables at fresh positions; devices hear of it. */
  async function putDocs(tx: Tx, name: ReplicatedCollection, docs: readonly WireDoc[]): Promise<number> {
    if (docs.length === 0) return 0;
    const collection = SERVER_COLLECTIONS[name];
    const stored = await selectForUpdate(
      tx,
      collection,
      docs.map((d) => d.id),
    );
    const inserts: RowWrite[] = [];
    const updates: RowWrite[] = [];
    for (const wire of docs) {
      const { doc, deleted } = fromWireDoc(wire);
      const row = stored.get(doc.id);
      if (row && deepEqual(toWireDoc(row), wire)) continue;
      const write = { id: doc.id, stationId: collection.stationOf(doc), deleted, doc };
      (row ? updates : inserts).push(write);
    }
    if (inserts.length + updates.length === 0) return 0;
    await writeRows(tx, collection, { inserts, updates });
    await notify(tx, channel, { type: 'changed', collection: name });
    return inserts.length + updates.length;
  }

  return {
    identity: () => getValue<HubIdentity>(db, 'identity'),

    checkpoint: (name: ReplicatedCollection) => getValue<ReplicationCheckpoint>(db, `checkpoint:${name}`),

    /**
     * The station's device list from the district, into the hub's own `devices`
     * table, so the hub authenticates with the district's unchanged code. A device
     * newly revoked has its remembered authentication and its streams dropped.
     * @returns ids of devices revoked by this refresh
     */
    async applyDevices(list: HubDeviceList): Promise<string[]> {
      return db.transaction(async (tx) => {
        const known = await getValue<HubIdentity>(tx, 'identity');
        if (known && (known.stationId !== list.stationId || known.hubDeviceId !== list.hubDeviceId)) {
          throw new Error(
            `this hub's data belongs to station "${known.stationId}" (hub ${known.hubDeviceId}), ` +
              `but the district now names station "${list.stationId}" (hub ${list.hubDeviceId}); start from a new data folder`,
          );
        }
        await setValue(tx, 'identity', { stationId: list.stationId, hubDeviceId: list.hubDeviceId });
        await tx.query('INSERT INTO stations (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [list.stationId]);
        const revoked = await tx.query<{ id: string }>(
          `WITH incoming AS (
             SELECT * FROM jsonb_to_recordset($1::jsonb) AS r
               (id text, name text, role text, "issuingSlot" integer, "issuingSlots" integer,
                "credentialHash" text, "revokedAt" timestamptz, hub boolean)
           ), before AS (
             SELECT id FROM devices WHERE revoked_at IS NULL
           ), upserted AS (
             INSERT INTO devices (id, station_id, name, role, issuing_slot, issuing_slots, credential_hash, revoked_at, hub)
             SELECT id, $2, name, role, "issuingSlot", "issuingSlots", "credentialHash", "revokedAt", hub FROM incoming
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, revoked_at = excluded.revoked_at
             RETURNING id, revoked_at
           )
           SELECT u.id FROM upserted u JOIN before b ON b.id = u.id WHERE u.revoked_at IS NOT NULL`,
          [JSON.stringify(list.devices), list.stationId],
        );
        for (const { id } of revoked) await notify(tx, channel, { type: 'device_revoked', deviceId: id });
        return revoked.map((r) => r.id);
      });
    },

    /**
     * The district's documents after a pull. One whose id still has writes waiting
     * to go up is left as the hub has it: the upload conflicts and merges it.
     */
    async applyPulled(name: ReplicatedCollection, docs: readonly WireDoc[], checkpoint: ReplicationCheckpoint | null) {
      return db.transaction(async (tx) => {
        const waiting = new Set(
          (
            await tx.query<{ doc_id: string }>(
              `SELECT DISTINCT doc_id FROM hub_outbox WHERE collection = $1 AND doc_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
              [name, JSON.stringify(docs.map((d) => d.id))],
            )
          ).map((r) => r.doc_id),
        );
        // A need's phone number is never sent to anyone, the hub included: its own copy keeps it.
        const wanted = docs.filter((d) => !waiting.has(d.id));
        const fresh = name === 'needs' ? await withoutStored(tx, name, wanted) : wanted;
        const written = await putDocs(tx, name, fresh);
        if (checkpoint) await setValue(tx, `checkpoint:${name}`, checkpoint);
        return written;
      });
    },

    /** The oldest waiting writes of one collection, at most one per document (RxDB's push contract holds per row). */
    async nextUpload(limit: number): Promise<OutboxEntry[]> {
      const rows = (await db.query<OutboxSql>('SELECT * FROM hub_outbox ORDER BY seq LIMIT $1', [limit])).map(toEntry);
      const batch: OutboxEntry[] = [];
      const ids = new Set<string>();
      for (const entry of rows) {
        if (entry.collection !== rows[0]!.collection || ids.has(entry.docId)) break;
        ids.add(entry.docId);
        batch.push(entry);
      }
      return batch;
    },

    /**
     * After the district answered an upload: entries it stored (or refused) are
     * done; for a conflict, every waiting write of that document is replaced by one
     * merge of the district's version with the hub's current one, which the hub
     * stores (its devices pull it) and uploads next, assuming the district's version.
     */
    async settle(batch: readonly OutboxEntry[], answer: UploadAnswer): Promise<void> {
      if (batch.length === 0) return;
      const name = batch[0]!.collection;
      const collection = SERVER_COLLECTIONS[name];
      const conflicted = new Map(answer.conflicts.map((c) => [c.id, c]));
      await db.transaction(async (tx) => {
        const done = batch.filter((e) => !conflicted.has(e.docId)).map((e) => e.seq);
        if (done.length > 0) {
          await tx.query('DELETE FROM hub_outbox WHERE seq IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)', [
            JSON.stringify(done),
          ]);
        }
        if (conflicted.size === 0) return;
        const current = await selectForUpdate(tx, collection, [...conflicted.keys()]);
        const merged: WireDoc[] = [];
        for (const [id, master] of conflicted) {
          const entries = (
            await tx.query<OutboxSql>('DELETE FROM hub_outbox WHERE collection = $1 AND doc_id = $2 RETURNING *', [
              name,
              id,
            ])
          ).map(toEntry);
          const row = current.get(id);
          const hub = row ? toWireDoc(row) : master;
          const result = mergeForUpload(name, master, hub);
          merged.push(result);
          if (deepEqual(result, master)) continue;
          const origin =
            entries.sort((a, b) => a.seq - b.seq).at(-1)?.origin ?? batch.find((e) => e.docId === id)!.origin;
          await tx.query(
            `INSERT INTO hub_outbox (collection, doc_id, origin_device_id, assumed, next) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
            [name, id, origin, JSON.stringify(master), JSON.stringify(result)],
          );
        }
        await putDocs(tx, name, merged);
      });
    },

    async waiting(): Promise<number> {
      const [row] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM hub_outbox');
      return Number(row?.n ?? 0);
    },

    /**
     * What the station's screens count as "waiting to reach the district": each
     * document of the station's own data once, however often it was written, and not
     * the devices' health reports, which are the devices' telemetry (diagnostics
     * shows them) and would otherwise show a station with nothing of its residents'
     * waiting as "2 items waiting" for as long as the uplink is down.
     */
    async waitingItems(): Promise<number> {
      const [row] = await db.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM (SELECT DISTINCT collection, doc_id FROM hub_outbox WHERE collection <> 'deviceHealth') w`,
      );
      return Number(row?.n ?? 0);
    },

    /** The credential hash the district gave for a live device of this station (the hub's hello key). */
    async credentialHashOf(deviceId: string): Promise<string | null> {
      const [row] = await db.query<{ credential_hash: string }>(
        'SELECT credential_hash FROM devices WHERE id = $1 AND revoked_at IS NULL',
        [deviceId],
      );
      return row?.credential_hash ?? null;
    },

    async servedDevices() {
      return db.query<{ id: string; name: string; role: string; last_seen_at: unknown }>(
        `SELECT id, name, role, last_seen_at FROM devices
         WHERE NOT hub AND revoked_at IS NULL AND last_seen_at IS NOT NULL ORDER BY last_seen_at DESC, id`,
      );
    },
  };
}

/** Documents whose id the hub does not hold yet. */
async function withoutStored(tx: Tx, name: ReplicatedCollection, docs: readonly WireDoc[]): Promise<WireDoc[]> {
  const stored = await selectForUpdate(
    tx,
    SERVER_COLLECTIONS[name],
    docs.map((d) => d.id),
  );
  return docs.filter((d) => !stored.has(d.id));
}

export type HubStore = ReturnType<typeof hubStore>;
