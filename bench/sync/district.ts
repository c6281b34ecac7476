/**
 * A district server for the bench, in this process (startDistrictServer, set up
 * through its repository) or in a child process (bench/sync/district-process.ts,
 * set up through the admin API). Either way devices enrol over HTTP with a
 * one-time code, as a technician's device does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_PREFIX, ENROL_PATH, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import type { DeviceRole, EnrolResponse } from '#protocol/enrolment.ts';
import {
  replicationPath,
  type PullResponse,
  type ReplicatedCollection,
  type ReplicationCheckpoint,
} from '#protocol/wire-messages.ts';
import { validateCatalogForImport } from '#server/catalog-import.ts';
import { createLogger } from '#server/logger.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { startDistrictServer } from '#server/server.ts';
import { onCleanup, tempDir, trackChild } from './cleanup.ts';
import { BENCH_LIMITS, procMemory, withTimeout } from './util.ts';

export type ServerMode = 'in-process' | 'child';

export interface DistrictOptions {
  mode: ServerMode;
  /** PostgreSQL; when absent, PGlite in a fresh temp directory. */
  databaseUrl?: string;
  logLevel: string;
  label: string;
  /** PostgreSQL only: join this schema (another instance of the same district) instead of a fresh one. */
  schema?: string;
  /** Child only: run the server code of this checkout (e.g. the previous commit, for a baseline). */
  codeRoot?: string;
}

export interface ServerMemory {
  pid: number;
  /** VmRSS / VmHWM from /proc. */
  rss: number;
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Whether the heap was read right after a full GC. */
  afterGc: boolean;
  /** The server process's event-loop delay since the previous reading, ms. */
  loopDelay: LoopDelay;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** Event-loop delay of this process since the previous call (for the bench itself, or an in-process server). */
const ownLoop = monitorEventLoopDelay({ resolution: 10 });
ownLoop.enable();
export function ownLoopDelay(): LoopDelay {
  const delay = { p50: ownLoop.percentile(50) / 1e6, p99: ownLoop.percentile(99) / 1e6, max: ownLoop.max / 1e6 };
  ownLoop.reset();
  return delay;
}

export interface District {
  url: string;
  mode: ServerMode;
  storage: string;
  pid: number;
  /** PostgreSQL only: the schema, for a second instance of the same district. */
  schema?: string;
  /** Only in-process: the server's repository. */
  repo?: DistrictRepository;
  createStation(id: string): Promise<void>;
  createCode(stationId: string, role: DeviceRole, issuingSlot: number, issuingSlots: number): Promise<string>;
  importCatalog(file: unknown): Promise<void>;
  memory(): Promise<ServerMemory>;
  close(): Promise<void>;
}

const WEEK_MS = 7 * 86_400_000;
const ADMIN_TOKEN = `bench-${randomBytes(16).toString('hex')}`;
let schemas = 0;

/** A PostgreSQL schema of our own, dropped again at clean-up. */
function benchSchema(databaseUrl: string): string {
  const schema = `bench_sync_${process.pid}_${++schemas}`;
  onCleanup(`PostgreSQL schema ${schema}`, async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  return schema;
}

async function checked(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

export async function startDistrict(options: DistrictOptions): Promise<District> {
  const schema = options.databaseUrl ? (options.schema ?? benchSchema(options.databaseUrl)) : undefined;
  const dataDir = options.databaseUrl ? undefined : tempDir(`${options.label}-pglite`).path;
  const storage = options.databaseUrl ? `PostgreSQL (schema ${schema})` : `PGlite in ${dataDir}`;
  return options.mode === 'in-process'
    ? inProcess(options, storage, dataDir, schema)
    : child(options, storage, dataDir, schema);
}

async function inProcess(
  options: DistrictOptions,
  storage: string,
  dataDir: string | undefined,
  schema: string | undefined,
): Promise<District> {
  const server = await startDistrictServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    dataDir,
    schema,
    // Unused here (setup goes through the repository), but it keeps the server's "admin API is off" warning out of the figures.
    adminToken: ADMIN_TOKEN,
    logger: createLogger({ level: options.logLevel }),
    limits: BENCH_LIMITS,
  });
  const close = onCleanup(`district server ${server.url}`, () => server.close());
  const { repo } = server;
  return {
    url: server.url,
    mode: 'in-process',
    storage,
    schema,
    pid: process.pid,
    repo,
    async createStation(id) {
      await repo.stations.create({ id, name: `Bench station ${id}` });
    },
    async createCode(stationId, role, issuingSlot, issuingSlots) {
      return (await repo.enrolment.createCode({ stationId, role, issuingSlot, issuingSlots, ttlMs: WEEK_MS })).code;
    },
    async importCatalog(file) {
      await repo.catalog.import(validateCatalogForImport(file));
    },
    async memory() {
      const usage = process.memoryUsage();
      const mem = procMemory(process.pid);
      return {
        pid: process.pid,
        rss: mem?.rss ?? usage.rss,
        peakRss: mem?.peak ?? Number.NaN,
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
        afterGc: false,
        loopDelay: ownLoopDelay(),
      };
    },
    close,
  };
}

async function child(
  options: DistrictOptions,
  storage: string,
  dataDir: string | undefined,
  schema: string | undefined,
): Promise<District> {
  const entry = options.codeRoot
    ? `${options.codeRoot}/bench/sync/district-process.ts`
    : fileURLToPath(new URL('./district-process.ts', import.meta.url));
  const proc: ChildProcess = fork(entry, [], {
    ...(options.codeRoot ? { cwd: options.codeRoot } : {}),
    // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of the server process there.
    execArgv: [
      '--import',
      import.meta.resolve('tsx'),
      '--expose-gc',
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
    ],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: options.databaseUrl ?? '',
      BENCH_DATA_DIR: dataDir ?? '',
      BENCH_SCHEMA: schema ?? '',
      BENCH_ADMIN_TOKEN: ADMIN_TOKEN,
      BENCH_LOG_LEVEL: options.logLevel,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const end = trackChild('district server', proc, 10_000);
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`district child exited with ${code} before it was ready`)));
      proc.on('message', (m: { type?: string; url?: string }) => {
        if (m?.type === 'ready' && m.url) resolve(m.url);
      });
    }),
    60_000,
    'district child to start',
  );
  const admin = async (path: string, body: unknown) =>
    (
      await checked(
        await fetch(`${url}${ADMIN_PREFIX}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        `POST ${path}`,
      )
    ).json();
  return {
    url,
    mode: 'child',
    storage,
    schema,
    pid: proc.pid!,
    async createStation(id) {
      await admin('/stations', { id, name: `Bench station ${id}` });
    },
    async createCode(stationId, role, issuingSlot, issuingSlots) {
      return (
        (await admin(`/stations/${stationId}/enrolment-codes`, { role, issuingSlot, issuingSlots })) as { code: string }
      ).code;
    },
    async importCatalog(file) {
      await admin('/catalog', file);
    },
    memory: () =>
      withTimeout(
        new Promise<ServerMemory>((resolve) => {
          const onMessage = (m: { type?: string; usage?: NodeJS.MemoryUsage; gc?: boolean; delay?: LoopDelay }) => {
            if (m?.type !== 'memory' || !m.usage) return;
            proc.off('message', onMessage);
            const mem = procMemory(proc.pid!);
            resolve({
              pid: proc.pid!,
              rss: mem?.rss ?? m.usage.rss,
              peakRss: mem?.peak ?? Number.NaN,
              heapUsed: m.usage.heapUsed,
              heapTotal: m.usage.heapTotal,
              external: m.usage.external,
              afterGc: Boolean(m.gc),
              loopDelay: m.delay ?? { p50: Number.NaN, p99: Number.NaN, max: Number.NaN },
            });
          };
          proc.on('message', onMessage);
          proc.send({ type: 'memory' });
        }),
        30_000,
        'server memory reading',
      ),
    close: end,
  };
}

/** Trades a one-time code for a device credential over HTTP, as a technician's device does. */
export async function enrol(url: string, code: string, deviceName: string): Promise<EnrolResponse> {
  const res = await fetch(`${url}${ENROL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName }),
  });
  return (await checked(res, 'enrol')).json() as Promise<EnrolResponse>;
}

/** Creates a code and enrols a device with it. */
export async function enrolDevice(
  district: District,
  stationId: string,
  role: DeviceRole,
  slot: number,
  slots: number,
  name: string,
): Promise<EnrolResponse> {
  return enrol(district.url, await district.createCode(stationId, role, slot, slots), name);
}

function deviceHeaders(credential: string): Record<string, string> {
  return { authorization: `Bearer ${credential}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
}

/** One push of documents (they are new on the server: no assumed master state). Returns the conflicts. */
export async function pushDocs(
  url: string,
  credential: string,
  collection: ReplicatedCollection,
  docs: readonly object[],
): Promise<unknown[]> {
  const res = await fetch(`${url}${replicationPath(collection, 'push')}`, {
    method: 'POST',
    headers: { ...deviceHeaders(credential), 'content-type': 'application/json' },
    body: JSON.stringify(docs.map((d) => ({ newDocumentState: { ...d, _deleted: false } }))),
  });
  return (await checked(res, `push ${collection}`)).json() as Promise<unknown[]>;
}

/** Every document of a device's scope, paging by checkpoint. Bounded by `maxPages`. */
export async function pullAll(
  url: string,
  credential: string,
  collection: ReplicatedCollection,
  limit = 1000,
  maxPages = 1000,
): Promise<Record<string, unknown>[]> {
  const docs: Record<string, unknown>[] = [];
  let checkpoint: ReplicationCheckpoint | null = null;
  for (let page = 0; page < maxPages; page++) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) {
      q.set('checkpoint_lwt', String(checkpoint.lwt));
      q.set('checkpoint_id', checkpoint.id);
    }
    const res = await checked(
      await fetch(`${url}${replicationPath(collection, 'pull')}?${q}`, { headers: deviceHeaders(credential) }),
      `pull ${collection}`,
    );
    const body = (await res.json()) as PullResponse<Record<string, unknown>>;
    docs.push(...body.documents);
    checkpoint = body.checkpoint;
    if (body.documents.length < limit) return docs;
  }
  throw new Error(`pullAll ${collection}: more than ${maxPages} pages`);
}
