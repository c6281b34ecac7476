/**
 * bench/sync: how the real RxDB replication client (sync/client/device-replication.ts)
 * and the real district server (sync/server) perform, against PRODUCT.md §6
 * ("a station returning after a week offline catches up in seconds"; "one
 * district server on this 2-core machine holds all the district's stations
 * connected live") and against PouchDB ↔ pouchdb-server. Prints figures; asserts
 * nothing. Loopback only; temp dirs and child processes are removed at the end.
 *
 *   npm run bench:sync [-- --parts a,b,c --stations 1300 --database-url postgres://…]
 *
 * (a) a station back after a week offline: 5,000 tickets each way
 * (b) N stations live on multiplexed streams: propagation, server memory, fds
 * (c) the same 10,000 documents through PouchDB ↔ pouchdb-server and through ours
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { cleanupAll, cleanupOnSignals } from './sync/cleanup.ts';
import type { ServerMode } from './sync/district.ts';
import { partA } from './sync/part-a.ts';
import { partB } from './sync/part-b.ts';
import { partC } from './sync/part-c.ts';
import { seconds } from './sync/util.ts';

const HELP = `usage: node --import tsx bench/sync.ts [options]
  --parts a,b,c            which parts to run (default a,b,c)
  --database-url URL       PostgreSQL for every district server (own schema, dropped after); default PGlite in a temp dir
  --log-level LEVEL        district server log level (default warn)
  --timeout S              bound on every wait, seconds (default 180)
  --pull-batch N           client pull batch for (a) and (c) (default: the client's, 500)
  --push-batch N           client push batch for (a) and (c) (default: the client's, 100)
 (a) --server-a MODE       in-process | child (default in-process)
     --catalog-items N     district catalog items (default 42)
     --local-tickets N     tickets written on the device while offline (default 5000)
     --district-tickets N  tickets written at the district meanwhile (default 5000)
     --days N              length of the outage in days (default 7)
 (b) --server-b MODE       child | in-process (default child: the server's own memory is read)
     --stations N          stations live (default 200, at most 3000)
     --rx-clients N        of which run the full RxDB client, one process each (default 5)
     --rate N              pushes per second (default 50)
     --duration S          seconds of pushing (default 20)
     --rx-share F          share of pushes to the RxDB clients' stations (default 0.1)
     --burst S             then S seconds of closed-loop pushing to find the capacity (default 5; 0 = off)
     --burst-pushers N     concurrent closed-loop pushers (default 16)
 (c) --server-c MODE       child | in-process (default child, like pouchdb-server)
     --docs N              documents (default 10000)
     --rounds N            rounds per stack, best counts (default 2)
     --pouch-local KIND    memory | leveldb local PouchDB (default memory, like RxDB's memory storage)
     --pouch-batch N       PouchDB batch_size (default: PouchDB's, 100)
`;

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'a,b,c' },
    'database-url': { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    timeout: { type: 'string', default: '180' },
    'pull-batch': { type: 'string' },
    'push-batch': { type: 'string' },
    'server-a': { type: 'string', default: 'in-process' },
    'catalog-items': { type: 'string', default: '42' },
    'local-tickets': { type: 'string', default: '5000' },
    'district-tickets': { type: 'string', default: '5000' },
    days: { type: 'string', default: '7' },
    'server-b': { type: 'string', default: 'child' },
    stations: { type: 'string', default: '200' },
    'rx-clients': { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    'rx-share': { type: 'string', default: '0.1' },
    burst: { type: 'string', default: '5' },
    'burst-pushers': { type: 'string', default: '16' },
    'server-c': { type: 'string', default: 'child' },
    docs: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '2' },
    'pouch-local': { type: 'string', default: 'memory' },
    'pouch-batch': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function int(name: keyof typeof values, min: number, max: number): number {
  const raw = values[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got "${String(raw)}"\n\n${HELP}`);
    process.exit(2);
  }
  return n;
}
function optionalInt(name: keyof typeof values, min: number, max: number): number | undefined {
  return values[name] === undefined ? undefined : int(name, min, max);
}
function mode(name: 'server-a' | 'server-b' | 'server-c'): ServerMode {
  const m = values[name];
  if (m !== 'in-process' && m !== 'child') {
    console.error(`--${name} must be in-process or child`);
    process.exit(2);
  }
  return m;
}

const parts = new Set(values.parts.split(',').map((p) => p.trim()));
for (const p of parts) {
  if (!['a', 'b', 'c'].includes(p)) {
    console.error(`--parts takes a, b and c, got "${p}"`);
    process.exit(2);
  }
}
const rxShare = Number(values['rx-share']);
if (!(rxShare >= 0 && rxShare <= 1)) {
  console.error('--rx-share must be between 0 and 1');
  process.exit(2);
}
const pouchLocal = values['pouch-local'];
if (pouchLocal !== 'memory' && pouchLocal !== 'leveldb') {
  console.error('--pouch-local must be memory or leveldb');
  process.exit(2);
}
const common = {
  databaseUrl: values['database-url'] || undefined,
  logLevel: values['log-level'],
  timeoutMs: int('timeout', 10, 3600) * 1000,
  pullBatch: optionalInt('pull-batch', 1, 1000),
  pushBatch: optionalInt('push-batch', 1, 500),
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
cleanupOnSignals();
const started = performance.now();
const failures: string[] = [];
console.log(
  `sync bench — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), load average ${load()}`,
);
console.log(`command: node --import tsx bench/sync.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(
  `storage: ${common.databaseUrl ? 'PostgreSQL (own schema per server)' : 'PGlite in a temp dir per server'}; all traffic on 127.0.0.1`,
);

async function run(name: string, fn: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  try {
    await fn();
  } catch (error) {
    failures.push(name);
    console.error(`\npart (${name}) failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    console.log(`    [part (${name}): ${seconds(performance.now() - t)} wall, load average now ${load()}]`);
  }
}

try {
  if (parts.has('a')) {
    await run('a', () =>
      partA({
        ...common,
        mode: mode('server-a'),
        catalogItems: int('catalog-items', 1, 5000),
        localTickets: int('local-tickets', 1, 100_000),
        districtTickets: int('district-tickets', 1, 100_000),
        days: int('days', 1, 60),
      }),
    );
  }
  if (parts.has('b')) {
    await run('b', () =>
      partB({
        ...common,
        mode: mode('server-b'),
        stations: int('stations', 1, 3000),
        rxClients: int('rx-clients', 0, 20),
        rate: int('rate', 1, 1000),
        durationS: int('duration', 1, 600),
        rxShare,
        burstS: int('burst', 0, 300),
        burstConcurrency: int('burst-pushers', 1, 256),
      }),
    );
  }
  if (parts.has('c')) {
    await run('c', () =>
      partC({
        ...common,
        mode: mode('server-c'),
        docs: int('docs', 1, 200_000),
        rounds: int('rounds', 1, 10),
        pouchLocal,
        pouchBatch: optionalInt('pouch-batch', 1, 10_000),
      }),
    );
  }
} finally {
  await cleanupAll();
}
console.log(
  `\nsync bench finished in ${seconds(performance.now() - started)}${failures.length ? `; FAILED parts: ${failures.join(', ')}` : ''}`,
);
process.exitCode = failures.length ? 1 : 0;
