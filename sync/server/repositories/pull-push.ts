/** Pull, push and change reading for the replicated collections. */
import type { ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import type { Db } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import { checkpointOf, toWireDoc, type RowWrite, type WireDoc } from '#server/domain/documents.ts';
import { decidePush } from '#server/domain/push-decision.ts';
import { notify } from './events.ts';
import { lockCollection, selectAfter, selectForUpdate, selectHead, writeRows } from './change-order-sql.ts';
import type { ReplicationRepository } from './repository.ts';

/**
 * A checkpoint past the newest row was not handed out by this database (it was
 * restored from a backup, or the device talks to the wrong district). Pulling on
 * from it would silently skip every row written until lwt catches up.
 */
async function assertNotAhead(db: Db, collection: ServerCollection, checkpoint: ReplicationCheckpoint): Promise<void> {
  const head = await selectHead(db, collection);
  if (!head || checkpoint.lwt > head.lwt) {
    throw new DomainError(
      409,
      'checkpoint_ahead',
      `checkpoint lwt ${checkpoint.lwt} is ahead of this server's ${collection.name} (newest ${head?.lwt ?? 'none'}); ` +
        'the device must restart replication of this collection from the beginning',
    );
  }
}

export function replicationRepository(db: Db, channel: string): ReplicationRepository {
  return {
    async pull(name, stationId, checkpoint, limit) {
      const collection = SERVER_COLLECTIONS[name];
      const rows = await selectAfter(db, collection, checkpoint, limit, stationId);
      const last = rows.at(-1);
      // Only an empty page can hide a bad checkpoint; a page with rows proves it is below them.
      if (!last && checkpoint) await assertNotAhead(db, collection, checkpoint);
      return { documents: rows.map(toWireDoc), checkpoint: last ? checkpointOf(last) : checkpoint };
    },

    push(name, device, rows) {
      const collection = SERVER_COLLECTIONS[name];
      return db.transaction(async (tx) => {
        await lockCollection(tx, collection);
        const stored = await selectForUpdate(
          tx,
          collection,
          rows.map((r) => r.newDocumentState.id),
        );
        const writes: RowWrite[] = [];
        const conflicts: WireDoc[] = [];
        for (const row of rows) {
          const decision = decidePush(collection, stored.get(row.newDocumentState.id), row, device);
          switch (decision.kind) {
            case 'forbidden':
              // Throwing rolls back the whole batch: a rejected push changes nothing.
              throw new DomainError(403, decision.code, decision.message);
            case 'conflict':
              conflicts.push(decision.master);
              break;
            case 'write':
              writes.push(decision.write);
              break;
            case 'unchanged':
              break;
          }
        }
        if (writes.length > 0) {
          await writeRows(tx, collection, writes);
          await notify(tx, channel, { type: 'changed', collection: name });
        }
        return conflicts;
      });
    },

    changesSince(name, checkpoint, limit) {
      return selectAfter(db, SERVER_COLLECTIONS[name], checkpoint, limit);
    },

    head(name) {
      return selectHead(db, SERVER_COLLECTIONS[name]);
    },
  };
}
