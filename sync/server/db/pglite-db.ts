/**
 * The embedded driver: PGlite (Postgres compiled to WASM) in this process, stored
 * in a data directory, or in memory when none is given (tests).
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, ListenHandlers, Tx, Unlisten } from './db.ts';

const LOCK_FILE = 'doorstep-server.lock';

/** Thrown when another live process already has the data directory open. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `the data directory ${dataDir} is in use by process ${pid} (a running district server?). ` +
        'Stop that process, or use the admin API of the running server instead.',
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no locking of its own and two processes on one directory corrupt it,
 * so a pid file guards it. A lock left by a crashed process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8'));
      // Our own pid counts as in use too: two opens in one process corrupt the directory just the same.
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isAlive(pid)))
        throw new DataDirInUseError(dataDir, pid);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}

/** The embedded driver's extras. */
export interface PgliteDb extends Db {
  readonly kind: 'pglite';
  /** A tarball of the whole database, for backups and as a template for openPgliteDb. */
  dumpDataDir(): Promise<Blob>;
}

export interface PgliteOptions {
  /** Start from this dump (see dumpDataDir) instead of an empty database. */
  template?: Blob;
}

function wrapTx(tx: Transaction): Tx {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await tx.query<R>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}

/** Opens (creating if needed) an embedded database; `dataDir` undefined means in memory. */
export async function openPgliteDb(dataDir?: string, options: PgliteOptions = {}): Promise<PgliteDb> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pg: PGlite;
  try {
    pg = new PGlite({ dataDir, loadDataDir: options.template });
    await pg.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    kind: 'pglite',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await pg.query<R>(sql, params as unknown[])).rows;
    },
    // PGlite is one session: its transaction() holds a mutex, so other queries wait.
    transaction: (fn) => pg.transaction((tx) => fn(wrapTx(tx))),
    async listen(channel: string, handlers: ListenHandlers): Promise<Unlisten> {
      const unlisten = await pg.listen(channel, (payload) => handlers.onMessage(payload));
      return () => unlisten();
    },
    dumpDataDir: async () => pg.dumpDataDir('none'),
    async close() {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
