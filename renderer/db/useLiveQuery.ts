/**
 * Live data for a screen: subscribes while the component is mounted (and again when
 * `deps` change) and unsubscribes on unmount, so a change on this device or one that
 * arrives by sync shows at once and no subscription outlives its screen.
 */
import { useEffect, useState, type DependencyList } from 'react';
import { map, type Observable } from 'rxjs';
import { createLogger } from '#renderer/app/logger.ts';

const log = createLogger('db/live-query');

/** Anything with an RxDB document's `toJSON()`. */
interface Doc {
  toJSON(): unknown;
}

/**
 * The latest value of `source()`, or `initial` until it first emits. `source` may
 * return null when its inputs are not there yet (no sync, replica still opening).
 */
export function useLiveQuery<T>(source: () => Observable<T> | null, deps: DependencyList, initial: T | (() => T)): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = source()?.subscribe({
      next: (next) => setValue(() => next),
      // A failed query keeps the last value on screen; the log says why it stopped updating.
      error: (error: unknown) => log.error('a live query stopped', error),
    });
    return () => sub?.unsubscribe();
    // `source` is a fresh closure on every render; `deps` says when it means another query.
  }, deps);
  return value;
}

/** A query's documents as plain JSON. */
export function docsJSON<T>(query: { $: Observable<Doc[]> }): Observable<T[]> {
  return query.$.pipe(map((docs) => docs.map((d) => d.toJSON() as T)));
}

/** A single-document query as plain JSON, null when there is no such document. */
export function docJSON<T>(query: { $: Observable<Doc | null> }): Observable<T | null> {
  return query.$.pipe(map((doc) => (doc ? (doc.toJSON() as T) : null)));
}
