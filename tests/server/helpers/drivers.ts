/**
 * The storage drivers every server suite runs against: PGlite always, PostgreSQL
 * when TEST_DATABASE_URL is set (each suite in a schema of its own, dropped after).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { silentLogger } from '../../../sync/server/logger.ts';
import { openRepository } from '../../../sync/server/repositories/open.ts';
import type { DistrictRepository } from '../../../sync/server/repositories/repository.ts';

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

const pglite: TestDriver = {
  name: 'pglite',
  label: 'pglite',
  available: true,
  async createStorage() {
    const repo = await openRepository({ log: silentLogger() });
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
