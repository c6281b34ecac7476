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
