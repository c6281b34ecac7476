/**
 * The storage drivers every server suite runs against: PGlite always, PostgreSQL
 * when TEST_DATABASE_URL is set (each suite in a schema of its own, dropped after).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { migrate } from '#server/db/migrate.ts';
import { openPgliteDb } from '#server/db/pglite-db.ts';
import { silentLogger } from '#server/logger.ts';
import { MIGRATIONS } from '#server/migrations/index.ts';
import { openRepository } from '#server/repositories/open.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export const POSTGRES_SKIP_REASON = 'TEST_DATABASE_URL not set';

export interface Storage {
  /** The PostgreSQL schema holding this storage's tables (postgres only). */
  schema?: string;
  /** Opens one more repository on the same database (a second server instance). */
  open(): Promise<DistrictRepository>;
  /** Closes every repository opened and removes the test data. */
  dispose(): Promise<void>;
}

export interface TestDriver {
  name: 'pglite' | 'postgres';
  /** Suite title: says why a variant is skipped. */
  label: string;
  available: boolean;
  /** Fresh, empty, migrated storage. */
  createStorage(): Promise<Storage>;
}

/**
 * A fresh PGlite runs initdb, about 5 s of CPU; loading a dump of an already
 * migrated database takes about 1 s. The dump is cached in the temp directory,
 * keyed by the migrations, and shared by every test file and run.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const key = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `doorstep-pglite-template-${key}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const db = await openPgliteDb();
    try {
      await migrate(db, silentLogger());
      const dump = await db.dumpDataDir();
      // Write then rename: a parallel test file never reads a half-written template.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    } finally {
      await db.close();
    }
  }
}

const pglite: TestDriver = {
  name: 'pglite',
  label: 'pglite',
  available: true,
  async createStorage() {
    const repo = await openRepository({ log: silentLogger(), pgliteTemplate: await pgliteTemplate() });
    return {
      // PGlite in memory is one process-local database: a second instance shares the repository.
      open: async () => repo,
      dispose: () => repo.close(),
    };
  },
};

const postgres: TestDriver = {
  name: 'postgres',
  label: TEST_DATABASE_URL ? 'postgres' : `postgres (skipped: ${POSTGRES_SKIP_REASON})`,
  available: TEST_DATABASE_URL !== undefined,
  async createStorage() {
    const url = TEST_DATABASE_URL as string;
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const opened: DistrictRepository[] = [];
    const open = async () => {
      const repo = await openRepository({ databaseUrl: url, schema, log: silentLogger() });
      opened.push(repo);
      return repo;
    };
    return {
      schema,
      open,
      async dispose() {
        await Promise.all(opened.map((r) => r.close()));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const DRIVERS: readonly TestDriver[] = [pglite, postgres];

/** Declares the same suite once per driver; unavailable drivers show up as skipped, with the reason in the title. */
export function describeEachDriver(title: string, suite: (driver: TestDriver) => void): void {
  for (const driver of DRIVERS) {
    describe.skipIf(!driver.available)(`${title} [${driver.label}]`, () => suite(driver));
  }
}

/** Declares a PostgreSQL-only suite, skipped with the reason when no database is configured. */
export function describePostgres(title: string, suite: () => void): void {
  describe.skipIf(!postgres.available)(`${title} [${postgres.label}]`, suite);
}

export { postgres as POSTGRES_DRIVER };
