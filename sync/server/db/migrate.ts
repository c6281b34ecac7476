/** Runs pending migrations and records each in schema_migrations. */
import { MIGRATIONS, type Migration } from '#server/migrations/index.ts';
import type { Logger } from '#server/logger.ts';
import type { Db } from './db.ts';
import { LOCK_NAMESPACE, MIGRATION_LOCK } from './locks.ts';

/** Refuses to start a server older than the database it finds. */
export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database schema is version ${found}, newer than this server knows (${known}); upgrade the server`);
    this.name = 'SchemaTooNewError';
  }
}

/** Applies every migration not yet recorded; returns the versions it applied. */
export async function migrate(db: Db, log: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    // Everything, including creating schema_migrations, happens under the lock:
    // two instances starting at once would otherwise race on CREATE TABLE.
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) throw new SchemaTooNewError(newest, known);
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      log.info({ version: m.version, name: m.name }, 'applied migration');
      done.push(m.version);
    }
    return done;
  });
}
