/** Versioned migrations: recorded, applied once, and a newer database is refused. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from '#server/db/migrate.ts';
import { silentLogger } from '#server/logger.ts';
import { MIGRATIONS } from '#server/migrations/index.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { describeEachDriver, type Storage } from './helpers/drivers.ts';
import { REPLICATED_TABLES } from './helpers/fixtures.ts';

describeEachDriver('migrations', (driver) => {
  let storage: Storage;
  let repo: DistrictRepository;
  beforeAll(async () => {
    storage = await driver.createStorage();
    repo = await storage.open();
  });
  afterAll(() => storage?.dispose());

  it('records each applied migration and applies nothing twice', async () => {
    const rows = await repo.db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(await migrate(repo.db, silentLogger())).toEqual([]);
  });

  it('creates every replicated table with its change-order index', async () => {
    const indexes = await repo.db.query<{ tablename: string; indexdef: string }>(
      `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE '%(lwt, id)'`,
    );
    expect(indexes.map((i) => i.tablename).sort()).toEqual([...REPLICATED_TABLES].sort());
  });

  it('refuses a database migrated by a newer server', async () => {
    await repo.db.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    try {
      await expect(migrate(repo.db, silentLogger())).rejects.toBeInstanceOf(SchemaTooNewError);
    } finally {
      await repo.db.query('DELETE FROM schema_migrations WHERE version = 999');
    }
  });
});
