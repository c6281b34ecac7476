/**
 * The district a console bench seeds and times (bench:overview, bench:reports):
 * its own PostgreSQL cluster under /tmp (Debian's binaries, as bench:city starts
 * one) unless a database URL is given; then a schema of its own, dropped at the
 * end — or, with a schema name, kept, so a later run reuses a seed that took
 * most of an hour to write (5 M tickets).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { startOwnPostgres } from '#bench/city/postgres.ts';
import { cleanupAll, cleanupOnSignals } from '#bench/sync/cleanup.ts';
import { createLogger } from '#server/logger.ts';
import { openRepository } from '#server/repositories/open.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

export const out = (line: string) => process.stdout.write(`${line}\n`);

export const loadAverage = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface BenchDistrict {
  repo: DistrictRepository;
  /** Seeds with `seed` (told how many stations a kept seed has, 0 if none), printing the tickets and time. */
  seedOnce(seed: (keptStations: number) => Promise<void>): Promise<void>;
  /** Drops the schema unless it is kept, closes the repository, stops the own cluster. */
  close(): Promise<void>;
}

/** Opens the bench's district and prints where it lives and the load average. */
export async function openBenchDistrict(
  name: string,
  options: { databaseUrl?: string; schema?: string; port: number },
): Promise<BenchDistrict> {
  cleanupOnSignals();
  const given = options.databaseUrl ?? process.env.DATABASE_URL;
  const own = given ? null : await startOwnPostgres(options.port);
  const keep = given !== undefined && options.schema !== undefined;
  const schema = given ? (options.schema ?? `bench_${name}_${randomBytes(4).toString('hex')}`) : undefined;
  const repo = await openRepository({ databaseUrl: given ?? own!.url, schema, log: createLogger({ level: 'warn' }) });
  out(
    `PostgreSQL ${own ? `${own.version}, own cluster on port ${options.port} (${own.settings})` : `at DATABASE_URL, schema ${schema}`}`,
  );
  out(loadAverage());
  return {
    repo,
    async seedOnce(seed) {
      const start = performance.now();
      const [{ n: kept } = { n: 0 }] = await repo.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations');
      if (kept > 0) out(`reusing the seed kept in schema ${schema} (${kept} stations)`);
      await seed(kept);
      const [{ n: tickets } = { n: 0 }] = await repo.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
      out(`measured: seed ${tickets} tickets in ${((performance.now() - start) / 1000).toFixed(0)} s`);
    },
    async close() {
      if (schema && !keep) await repo.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await repo.close();
      await cleanupAll();
    },
  };
}
