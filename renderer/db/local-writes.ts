/**
 * The one way this device writes a document the district must receive: each write
 * and its outbox mark ("waiting to upload") happen in the same call, so no write
 * function can store a change and forget to count it. Catalog seeding and pulled
 * documents do not come through here: they are not this device's writes.
 */
import type { RxCollection, RxDocument } from 'rxdb';
import type { KioskCollections, KioskDatabase } from './database.ts';
import { outbox } from './outbox.ts';

/** Collections this device writes to and pushes to the district. */
export type WrittenHere = 'tickets' | 'needs' | 'helpRequests' | 'appointments';

type DocOf<K extends WrittenHere> = KioskCollections[K] extends RxCollection<infer D> ? D : never;

/** Stores a new document and marks it for upload. */
export async function insertMarked<K extends WrittenHere>(db: KioskDatabase, name: K, doc: DocOf<K>): Promise<void> {
  await (db[name] as unknown as RxCollection<DocOf<K>>).insert(doc);
  outbox.add(name, (doc as { id: string }).id);
}

/**
 * Changes a stored document with `change` (run against the document as stored at
 * write time) and marks it for upload. Returns the stored result, or null when the
 * document is not on this device. `change` returning its input unchanged writes
 * nothing and marks nothing.
 */
export async function modifyMarked<K extends WrittenHere>(
  db: KioskDatabase,
  name: K,
  id: string,
  change: (current: DocOf<K>) => DocOf<K>,
): Promise<DocOf<K> | null> {
  const collection = db[name] as unknown as RxCollection<DocOf<K>>;
  const doc: RxDocument<DocOf<K>> | null = await collection.findOne(id).exec();
  if (!doc) return null;
  let changed = false;
  const updated = await doc.incrementalModify((current) => {
    const next = change(current as DocOf<K>);
    changed = next !== current;
    return next;
  });
  if (changed) outbox.add(name, id);
  return updated.toJSON() as DocOf<K>;
}
