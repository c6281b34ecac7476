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

const KEY = 'doorstep.outbox';

export class Outbox {
  private readonly ids: Set<string>;
  private readonly count$ = new BehaviorSubject(0);

  constructor(private readonly storage: KeyValueStorage) {
    let saved: unknown;
    try {
      saved = JSON.parse(storage.getItem(KEY) ?? '[]');
    } catch {
      saved = [];
    }
    this.ids = new Set(Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string') : []);
    this.count$.next(this.ids.size);
  }

  private key(collection: string, id: string): string {
    return `${collection}/${id}`;
  }

  private save(): void {
    this.storage.setItem(KEY, JSON.stringify([...this.ids]));
    this.count$.next(this.ids.size);
  }

  /** A document was written on this device and must reach the district. */
  add(collection: string, id: string): void {
    const key = this.key(collection, id);
    if (this.ids.has(key)) return;
    this.ids.add(key);
    this.save();
  }

  /** The district has stored these documents. */
  confirm(collection: string, ids: Iterable<string>): void {
    let changed = false;
    for (const id of ids) changed = this.ids.delete(this.key(collection, id)) || changed;
    if (changed) this.save();
  }

  /** The ids of one collection still waiting to upload. */
  waiting(collection: string): string[] {
    const prefix = `${collection}/`;
    return [...this.ids].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  get size(): number {
    return this.ids.size;
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
