/**
 * Which local writes have not yet been confirmed by the district — the "items
 * waiting to upload" the screen shows. App code marks a document when it writes
 * it; the push handler clears it once the district has stored it. Kept in the
 * given storage (localStorage) so the count survives a restart.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { RxConflictHandler } from 'rxdb';
import type { PushRow, WireDocument } from '#protocol/wire-messages.ts';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the set lived before it was split into buckets (read once, then removed). */
const LEGACY_KEY = 'doorstep.outbox';
/**
 * The set is kept in BUCKETS buckets keyed by a hash of the id, so a write rewrites
 * one bucket — about 1/32 of the set — instead of the whole set: after a week
 * offline a kiosk holds thousands of ids, and every tap used to serialise all of
 * them. Storage here is a plain key → string store (localStorage on a device, a
 * file in tests), which has no append, so a bounded rewrite is the cheapest write.
 */
const BUCKETS = 32;
const bucketKey = (bucket: number) => `doorstep.outbox.${bucket}`;

/** FNV-1a over the key's UTF-16 units: cheap, stable across restarts and runtimes. */
function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

function readIds(storage: KeyValueStorage, key: string): string[] {
  try {
    const saved: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export class Outbox {
  private readonly buckets: Set<string>[] = Array.from({ length: BUCKETS }, () => new Set<string>());
  private readonly count$ = new BehaviorSubject(0);
  private total = 0;

  constructor(private readonly storage: KeyValueStorage) {
    for (let b = 0; b < BUCKETS; b++) for (const key of readIds(storage, bucketKey(b))) this.buckets[b]!.add(key);
    const legacy = readIds(storage, LEGACY_KEY);
    if (storage.getItem(LEGACY_KEY) !== null) {
      // An outbox written by an earlier version: move its ids into the buckets, once.
      const touched = new Set<number>();
      for (const key of legacy) touched.add(this.put(key));
      for (const b of touched) this.save(b);
      storage.setItem(LEGACY_KEY, '[]');
    }
    this.total = this.buckets.reduce((n, bucket) => n + bucket.size, 0);
    this.count$.next(this.total);
  }

  private key(collection: string, id: string): string {
    return `${collection}/${id}`;
  }

  /** Adds the key to its bucket; returns the bucket. */
  private put(key: string): number {
    const b = bucketOf(key);
    this.buckets[b]!.add(key);
    return b;
  }

  private save(bucket: number): void {
    this.storage.setItem(bucketKey(bucket), JSON.stringify([...this.buckets[bucket]!]));
  }

  private changed(touched: Iterable<number>): void {
    let any = false;
    for (const b of touched) {
      this.save(b);
      any = true;
    }
    if (!any) return;
    this.total = this.buckets.reduce((n, bucket) => n + bucket.size, 0);
    this.count$.next(this.total);
  }

  /** A document was written on this device and must reach the district. */
  add(collection: string, id: string): void {
    this.addMany(collection, [id]);
  }

  /** Several documents were written (one save per bucket touched, not per id). */
  addMany(collection: string, ids: Iterable<string>): void {
    const touched = new Set<number>();
    for (const id of ids) {
      const key = this.key(collection, id);
      const b = bucketOf(key);
      if (this.buckets[b]!.has(key)) continue;
      this.buckets[b]!.add(key);
      touched.add(b);
    }
    this.changed(touched);
  }

  /** The district has stored these documents. */
  confirm(collection: string, ids: Iterable<string>): void {
    const touched = new Set<number>();
    for (const id of ids) {
      const key = this.key(collection, id);
      const b = bucketOf(key);
      if (this.buckets[b]!.delete(key)) touched.add(b);
    }
    this.changed(touched);
  }

  /** The ids of one collection still waiting to upload. */
  waiting(collection: string): string[] {
    const prefix = `${collection}/`;
    const ids: string[] = [];
    for (const bucket of this.buckets)
      for (const key of bucket) if (key.startsWith(prefix)) ids.push(key.slice(prefix.length));
    return ids;
  }

  get size(): number {
    return this.total;
  }

  get changes(): Observable<number> {
    return this.count$.asObservable();
  }
}

type Doc = WireDocument<{ id: string }>;

/**
 * The pushed ids the district now holds as this device will: every row that did
 * not conflict, and every conflicting row whose merge keeps the district's
 * version (the device takes that version and has nothing more to send for it —
 * RxDB pushes nothing further, so waiting for a later push would count the id as
 * "waiting to upload" for ever). A conflict whose merge differs from the
 * district's version is confirmed by the push of the merged ticket that follows.
 */
export async function settledByPush(
  rows: readonly PushRow<unknown>[],
  conflicts: readonly Doc[],
  conflictHandler: RxConflictHandler<unknown>,
): Promise<string[]> {
  const masters = new Map(conflicts.map((c) => [c.id, c]));
  const settled: string[] = [];
  for (const row of rows) {
    const local = row.newDocumentState as Doc;
    const master = masters.get(local.id);
    if (!master) {
      settled.push(local.id);
      continue;
    }
    const merged = await conflictHandler.resolve(
      { assumedMasterState: row.assumedMasterState, realMasterState: master, newDocumentState: local } as never,
      'outbox-confirm',
    );
    if (conflictHandler.isEqual(merged as never, master as never, 'outbox-confirm')) settled.push(local.id);
  }
  return settled;
}
