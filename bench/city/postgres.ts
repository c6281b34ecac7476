/**
 * A PostgreSQL cluster of the bench's own, the way .ci/postgres.sh starts Debian's
 * (same binaries), but in a temp data directory on its own port: the shared
 * cluster on 5432 is never touched. As root, the server runs as the `postgres`
 * user (PostgreSQL refuses root). Stopped and removed at clean-up.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup } from '#bench/sync/cleanup.ts';

export interface OwnPostgres {
  url: string;
  version: string;
  dataDir: string;
  settings: string;
}

/** Settings for a small shared machine; durability stays on (fsync, synchronous_commit): the figures are honest. */
const SETTINGS = ['max_connections=400', 'shared_buffers=256MB', 'idle_in_transaction_session_timeout=10s'];

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const version = versions.at(-1);
  if (!version) throw new Error('no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)');
  return `/usr/lib/postgresql/${version}/bin`;
}

export async function startOwnPostgres(port: number): Promise<OwnPostgres> {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-city-pg-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dataDir, id('-u'), id('-g'));
  }
  chmodSync(dataDir, 0o700);
  const pgdata = join(dataDir, 'data');
  onCleanup(`PostgreSQL data directory ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  run(`${bin}/initdb`, ['-D', pgdata, '-U', 'doorstep', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  const options = [`-p ${port}`, `-k ${dataDir}`, "-c listen_addresses='127.0.0.1'", ...SETTINGS.map((s) => `-c ${s}`)];
  run(`${bin}/pg_ctl`, ['-D', pgdata, '-o', options.join(' '), '-l', join(dataDir, 'server.log'), '-w', 'start']);
  onCleanup(`PostgreSQL on port ${port}`, () => {
    run(`${bin}/pg_ctl`, ['-D', pgdata, '-m', 'fast', '-w', 'stop']);
  });
  const admin = new pg.Client({ connectionString: `postgres://doorstep@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE city');
    const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    return {
      url: `postgres://doorstep@127.0.0.1:${port}/city`,
      version: version ?? '?',
      dataDir,
      settings: `${SETTINGS.join(', ')}, fsync and synchronous_commit on (defaults)`,
    };
  } finally {
    await admin.end();
  }
}
