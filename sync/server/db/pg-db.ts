/**
 * The PostgreSQL driver (`pg`): a connection pool for queries and transactions, and
 * one dedicated connection per `listen` that reconnects when the server drops it.
 */
import pg from 'pg';
import type { Logger } from '#server/logger.ts';
import type { Db, ListenHandlers, Tx, Unlisten } from './db.ts';

export interface PgDbOptions {
  connectionString: string;
  /** Tables live in this schema (created if missing); lets several districts or test runs share one server. */
  schema?: string;
  /** Pool size; the default suits one instance on a small machine. */
  max?: number;
  log: Logger;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Connects a pool (and creates the schema when one is given). */
export async function openPgDb(options: PgDbOptions): Promise<Db> {
  const { connectionString, schema, log } = options;
  // search_path goes into the startup packet, so every pooled and listening
  // connection sees the schema without an extra round trip.
  const connection = { connectionString, ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}) };
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({ ...connection, max: options.max ?? 10 });
  // Without this handler a dropped idle connection would crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  await pool.query('SELECT 1');

  const listeners = new Set<() => Promise<void>>();

  return {
    kind: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, params as unknown[])).rows as R[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Tx = {
          query: async <R>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(sql, params as unknown[])).rows as R[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel: string, handlers: ListenHandlers): Promise<Unlisten> {
      let client: pg.Client | undefined;
      let stopped = false;
      let delay = RECONNECT_MIN_MS;
      let timer: NodeJS.Timeout | undefined;

      const connect = async (): Promise<void> => {
        const next = new pg.Client(connection);
        next.on('notification', (message) => {
          if (message.channel === channel) handlers.onMessage(message.payload ?? '');
        });
        const lost = (error?: Error) => {
          // Ignore a connection that is still connecting (connect() rejects) or already replaced.
          if (client !== next || stopped) return;
          log.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting');
          void next.end().catch(() => undefined);
          scheduleReconnect();
        };
        next.on('error', lost);
        next.on('end', () => lost());
        try {
          await next.connect();
          await next.query(`LISTEN ${quoteIdent(channel)}`);
        } catch (error) {
          await next.end().catch(() => undefined);
          throw error;
        }
        client = next;
        delay = RECONNECT_MIN_MS;
      };

      const scheduleReconnect = () => {
        client = undefined;
        if (stopped || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          if (stopped) return;
          connect().then(
            () => {
              log.info({ channel }, 'LISTEN connection re-established');
              handlers.onReconnect?.();
            },
            (error: unknown) => {
              log.warn({ err: error, channel, retryInMs: delay }, 'LISTEN reconnect failed');
              delay = Math.min(delay * 2, RECONNECT_MAX_MS);
              scheduleReconnect();
            },
          );
        }, delay);
      };

      await connect();
      const unlisten = async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        listeners.delete(unlisten);
        await client?.end().catch(() => undefined);
      };
      listeners.add(unlisten);
      return unlisten;
    },
    async close() {
      await Promise.all([...listeners].map((unlisten) => unlisten()));
      await pool.end();
    },
  };
}
