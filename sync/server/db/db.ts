/**
 * The one database seam: a tiny adapter that both drivers (embedded PGlite and
 * PostgreSQL via `pg`) implement, so every repository runs the same SQL on both.
 */

/** Something that runs one parameterised statement and returns its rows. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A transaction in progress. `exec` runs several statements without parameters (migrations). */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
}

/** Stops a `listen` subscription. */
export type Unlisten = () => Promise<void>;

export interface ListenHandlers {
  /** A NOTIFY payload arrived on the channel. */
  onMessage(payload: string): void;
  /**
   * The listening connection was lost and has been re-established; notifications
   * sent in between are gone, so the listener must catch up another way.
   */
  onReconnect?(): void;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** LISTENs on a channel; messages arrive only after the sending transaction committed. */
  listen(channel: string, handlers: ListenHandlers): Promise<Unlisten>;
  close(): Promise<void>;
}

/**
 * Runs `fn` inside the caller's transaction when there is one, else in a new one.
 * A repository write takes the caller's `tx` so that a route can commit the change
 * and its audit row together (repositories/audit.ts). Inside, use only `tx`: on
 * PGlite a query on `db` would wait for the very transaction that waits for it.
 */
export function within<T>(db: Db, tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : db.transaction(fn);
}
