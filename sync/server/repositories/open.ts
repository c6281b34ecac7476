/**
 * Opens the district's storage: PostgreSQL when a URL is given, else embedded
 * PGlite in a data directory (or in memory). Migrations run before it is returned.
 */
import type { Db } from '#server/db/db.ts';
import { migrate } from '#server/db/migrate.ts';
import { openPgDb } from '#server/db/pg-db.ts';
import { openPgliteDb } from '#server/db/pglite-db.ts';
import type { Logger } from '#server/logger.ts';
import { keepWritePositionsAhead } from './change-order-sql.ts';
import type { DistrictRepository } from './repository.ts';
import type { PushWriteHook } from './pull-push.ts';
import { createSqlRepository, EVENTS_CHANNEL } from './sql-repository.ts';

export interface StorageOptions {
  /** postgres://… ; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; absent means an in-memory database. */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); also separates the event channel. */
  schema?: string;
  /** PGlite only: start from this dump of a database (a backup, or a migrated template). */
  pgliteTemplate?: Blob;
  log: Logger;
  /** Called in every device push's transaction with what it wrote (the station hub's uplink record). */
  afterPushWrites?: PushWriteHook;
}

/** The NOTIFY channel for a schema; channel names are identifiers of at most 63 bytes. */
function channelFor(schema: string | undefined): string {
  return schema
    ? `${EVENTS_CHANNEL}_${schema}`
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, '_')
        .slice(0, 63)
    : EVENTS_CHANNEL;
}

/** Opens, migrates and returns the repository; closes the database again if migrating fails. */
export async function openRepository(options: StorageOptions): Promise<DistrictRepository> {
  const log = options.log.child({ module: 'db' });
  const db: Db = options.databaseUrl
    ? await openPgDb({ connectionString: options.databaseUrl, schema: options.schema, log })
    : await openPgliteDb(options.dataDir, { template: options.pgliteTemplate });
  try {
    await migrate(db, log);
    if (await keepWritePositionsAhead(db)) {
      log.warn('write positions were behind the stored rows (a restore into a new cluster?); raised them');
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  log.info(
    { driver: db.kind, dataDir: options.databaseUrl ? undefined : (options.dataDir ?? 'memory') },
    'storage ready',
  );
  return createSqlRepository(db, log, channelFor(options.schema), options.afterPushWrites);
}
