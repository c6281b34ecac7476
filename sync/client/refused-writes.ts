/**
 * The writes the district refused (its per-row push report), kept on the device so
 * a technician sees "n changes refused by the district" and why. Separate from the
 * outbox on purpose: the outbox counts writes still waiting to upload; a refused
 * write is not waiting (the district answered, and the device does not push it
 * again until it changes), yet it must not vanish either. The refused document
 * itself stays in the local database untouched. Kept in the given storage
 * (localStorage) so the list survives a restart.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { RefusalCode } from '#protocol/rules/refusals.ts';
import type { PushRefusal } from '#protocol/wire-messages.ts';
import type { KeyValueStorage } from './outbox.ts';

const KEY = 'doorstep.refused';
/** Enough for a technician to see the pattern; a misbehaving device must not fill storage. */
const MAX_KEPT = 200;

/** One refused document, latest refusal only. */
export interface RefusedWrite {
  collection: string;
  id: string;
  code: RefusalCode;
  message: string;
  /** When the district's answer arrived (device clock). */
  at: number;
}

export class RefusedWrites {
  private readonly byKey: Map<string, RefusedWrite>;
  private readonly list$: BehaviorSubject<RefusedWrite[]>;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number = Date.now,
  ) {
    let saved: unknown;
    try {
      saved = JSON.parse(storage.getItem(KEY) ?? '[]');
    } catch {
      saved = [];
    }
    const entries = Array.isArray(saved) ? (saved as RefusedWrite[]).filter((r) => typeof r?.id === 'string') : [];
    this.byKey = new Map(entries.map((r) => [this.key(r.collection, r.id), r]));
    this.list$ = new BehaviorSubject(this.all);
  }

  private key(collection: string, id: string): string {
    return `${collection}/${id}`;
  }

  private save(): void {
    const all = this.all;
    this.storage.setItem(KEY, JSON.stringify(all));
    this.list$.next(all);
  }

  /** The district refused these rows of a push to `collection`. */
  record(collection: string, refused: readonly PushRefusal[]): void {
    if (refused.length === 0) return;
    for (const r of refused) {
      const key = this.key(collection, r.id);
      this.byKey.delete(key);
      this.byKey.set(key, { collection, id: r.id, code: r.code, message: r.message, at: this.now() });
    }
    while (this.byKey.size > MAX_KEPT) this.byKey.delete(this.byKey.keys().next().value as string);
    this.save();
  }

  /** The district has since stored these documents (a later, legal version of them). */
  accepted(collection: string, ids: Iterable<string>): void {
    let changed = false;
    for (const id of ids) changed = this.byKey.delete(this.key(collection, id)) || changed;
    if (changed) this.save();
  }

  /** Newest last. */
  get all(): RefusedWrite[] {
    return [...this.byKey.values()];
  }

  get changes(): Observable<RefusedWrite[]> {
    return this.list$.asObservable();
  }
}
