/**
 * bench:city — one district server for a whole city, on PostgreSQL, with two
 * server instances over one database, each figure beside the same bench on
 * today's code (the baseline: the revision this branch left main, unless
 * --baseline names another). Starts a PostgreSQL of its own under /tmp on its own
 * port (never the shared cluster). Prints figures; asserts nothing.
 *
 *   npm run bench:city [-- --stations 6000 --no-baseline --parts capacity,streams,catchup]
 *
 * capacity  single-ticket pushes, closed loop, rising pushers until p95 > 100 ms
 * streams   N stations × 3 devices' streams over 2 instances, a morning of pushes:
 *           push → event at the station's other devices, memory per stream
 * catchup   bench:sync part (c): a week offline, RxDB ↔ district vs PouchDB ↔ pouchdb-server
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { newCredential, sha256Hex } from '#server/credentials.ts';
import { unpackBaseline } from './city/baseline.ts';
import { startOwnPostgres } from './city/postgres.ts';
import { cleanupAll, cleanupOnSignals, trackChild } from './sync/cleanup.ts';
import { catalogFile, freshTicket, ticketContext, type TicketContext } from './sync/docs.ts';
import { pushDocs, startDistrict, type District, type ServerMemory } from './sync/district.ts';
import { partC, type PartCResult } from './sync/part-c.ts';
import {
  fmtSummary,
  mib,
  prng,
  seconds,
  sleep,
  summarize,
  waitFor,
  wallMs,
  withTimeout,
  type Summary,
} from './sync/util.ts';

const HELP = `usage: npm run bench:city -- [options]
  --parts LIST        capacity,streams,catchup (default all)
  --baseline REF      git revision of "today's code" (default: merge-base of HEAD and main)
  --no-baseline       run only this checkout's code
  --port N            port of the bench's own PostgreSQL (default 55432)
  --stations N        stations live in (streams), 3 streams each (default 6000)
  --capacity-stations N  stations whose kiosks push in (capacity) (default 1000)
  --step-s S          seconds per pusher level (default 4)
  --pushers LIST      pusher levels (default 4,8,16,32,64,128,256)
  --morning-rate N    pushes/s during the morning (default 800, a city's peak)
  --morning-s S       seconds of morning (default 20)
  --docs N            catch-up documents (default 10000)
  --log-level LEVEL   server log level (default warn)
`;

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'capacity,streams,catchup' },
    baseline: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    port: { type: 'string', default: '55432' },
    stations: { type: 'string', default: '6000' },
    'capacity-stations': { type: 'string', default: '1000' },
    'step-s': { type: 'string', default: '4' },
    pushers: { type: 'string', default: '4,8,16,32,64,128,256' },
    'morning-rate': { type: 'string', default: '800' },
    'morning-s': { type: 'string', default: '20' },
    docs: { type: 'string', default: '10000' },
    'log-level': { type: 'string', default: 'warn' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
function int(name: keyof typeof values, min: number, max: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}\n\n${HELP}`);
    process.exit(2);
  }
  return n;
}
const parts = new Set(values.parts.split(',').map((p) => p.trim()));
const o = {
  port: int('port', 1024, 65535),
  stations: int('stations', 1, 9000),
  capacityStations: int('capacity-stations', 1, 20_000),
  stepMs: int('step-s', 1, 120) * 1000,
  pushers: values.pushers.split(',').map(Number),
  morningRate: int('morning-rate', 1, 10_000),
  morningMs: int('morning-s', 1, 600) * 1000,
  docs: int('docs', 1, 200_000),
  logLevel: values['log-level'],
};
if (o.pushers.some((n) => !Number.isInteger(n) || n < 1 || n > 2000)) {
  console.error('--pushers takes whole numbers from 1 to 2000');
  process.exit(2);
}

/** One code under test: two server instances over one schema. */
interface Code {
  name: 'baseline' | 'new';
  label: string;
  root?: string;
  instances: District[];
  stations: SeededStation[];
  ctx: (stationId: string) => TicketContext;
}

interface SeededStation {
  id: string;
  /** kiosk (pushes), then two displays. */
  devices: { id: string; credential: string }[];
  seq: number;
}

async function startPair(code: Omit<Code, 'instances' | 'stations' | 'ctx'>, databaseUrl: string): Promise<Code> {
  const first = await startDistrict({
    mode: 'child',
    databaseUrl,
    logLevel: o.logLevel,
    label: `city-${code.name}`,
    codeRoot: code.root,
  });
  const second = await startDistrict({
    mode: 'child',
    databaseUrl,
    logLevel: o.logLevel,
    label: `city-${code.name}`,
    codeRoot: code.root,
    schema: first.schema,
  });
  const file = catalogFile('city-00001', 42, 'city-svc');
  await first.createStation('city-00001');
  await first.importCatalog(file);
  const base = ticketContext(file);
  return { ...code, instances: [first, second], stations: [], ctx: (stationId) => ({ ...base, stationId }) };
}

/**
 * Stations and devices straight into the schema (enrolling 18,000 devices over
 * HTTP would take most of the run and measure nothing asked for). Each station
 * gets the first station's document; credentials are made here, hashes stored,
 * exactly as enrolment stores them.
 */
async function seed(code: Code, databaseUrl: string, count: number): Promise<void> {
  const have = code.stations.length;
  if (count <= have) return;
  const client = new pg.Client({
    connectionString: databaseUrl,
    options: `-c search_path="${code.instances[0]!.schema}"`,
  });
  await client.connect();
  try {
    const ids = Array.from({ length: count - have }, (_, i) => `city-${String(have + i + 2).padStart(5, '0')}`);
    if (have === 0) ids.unshift('city-00001');
    const fresh = ids.filter((id) => id !== 'city-00001');
    await client.query(`INSERT INTO stations (id, name) SELECT id, 'City ' || id FROM unnest($1::text[]) AS id`, [
      fresh,
    ]);
    await client.query(
      `INSERT INTO station_docs (id, station_id, lwt, deleted, doc)
       SELECT s, s, nextval('lwt_seq'), false, jsonb_set(d.doc, '{id}', to_jsonb(s))
       FROM unnest($1::text[]) AS s, station_docs d WHERE d.id = 'city-00001'`,
      [fresh],
    );
    const stations: SeededStation[] = ids.map((id) => ({
      id,
      seq: 0,
      devices: [0, 1, 2].map(() => ({ id: randomUUID(), credential: newCredential() })),
    }));
    const rows = stations.flatMap((s) =>
      s.devices.map((d, i) => ({
        id: d.id,
        station_id: s.id,
        name: i === 0 ? 'kiosk' : `display ${i}`,
        role: i === 0 ? 'kiosk' : 'display',
        credential_hash: sha256Hex(d.credential),
      })),
    );
    for (let i = 0; i < rows.length; i += 5000) {
      await client.query(
        `INSERT INTO devices (id, station_id, name, role, issuing_slot, issuing_slots, credential_hash)
         SELECT r.id, r.station_id, r.name, r.role, 0, 1, r.credential_hash
         FROM jsonb_to_recordset($1::jsonb) AS r (id text, station_id text, name text, role text, credential_hash text)`,
        [JSON.stringify(rows.slice(i, i + 5000))],
      );
    }
    code.stations.push(...stations);
  } finally {
    await client.end();
  }
}

function pushOne(code: Code, station: SeededStation, instance: number): Promise<unknown[]> {
  station.seq++;
  const kiosk = station.devices[0]!;
  const ticket = freshTicket(code.ctx(station.id), kiosk.id, station.seq, Date.now());
  return pushDocs(code.instances[instance]!.url, kiosk.credential, 'tickets', [ticket]);
}

// ---------------------------------------------------------------- capacity

interface Step {
  pushers: number;
  rate: number;
  rtt: Summary;
  errors: number;
}

async function capacityStep(code: Code, pushers: number, rand: () => number): Promise<Step> {
  const samples: number[] = [];
  let errors = 0;
  const start = wallMs();
  const end = start + o.stepMs;
  const pool = code.stations.slice(0, o.capacityStations);
  await Promise.all(
    Array.from({ length: pushers }, async (_, p) => {
      while (wallMs() < end) {
        const station = pool[Math.floor(rand() * pool.length)]!;
        const t = wallMs();
        try {
          await pushOne(code, station, p % 2);
          samples.push(wallMs() - t);
        } catch (error) {
          if (++errors <= 3) console.error(`    ${code.name} push failed: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { pushers, rate: samples.length / ((wallMs() - start) / 1000), rtt: summarize(samples), errors };
}

async function capacity(codes: Code[]): Promise<Map<string, Step | undefined>> {
  console.log(
    `\ncapacity — single-ticket pushes in a closed loop, ${o.capacityStations} stations' kiosks, pushers alternating over the 2 instances, ${seconds(o.stepMs)} per level; levels run baseline and new in turn`,
  );
  const rand = prng(2000);
  const stopped = new Set<string>();
  const best = new Map<string, Step | undefined>();
  for (const [level, pushers] of o.pushers.entries()) {
    const order = level % 2 === 0 ? codes : [...codes].reverse();
    for (const code of order) {
      if (stopped.has(code.name)) continue;
      const step = await capacityStep(code, pushers, rand);
      console.log(
        `    ${code.name.padEnd(8)} ${String(pushers).padStart(4)} pushers: ${Math.round(step.rate).toString().padStart(5)} pushes/s   round trip ${fmtSummary(step.rtt)}   errors ${step.errors}`,
      );
      if (step.rtt.p95 > 100) stopped.add(code.name);
      else if (step.rate > (best.get(code.name)?.rate ?? 0)) best.set(code.name, step);
    }
    if (codes.every((c) => stopped.has(c.name))) break;
  }
  return best;
}

// ---------------------------------------------------------------- streams

interface StreamsResult {
  streams: number;
  opened: number;
  failed: number;
  openMs: number;
  perStreamHeapKiB: number;
  perStreamRssKiB: number;
  memory: ServerMemory[];
  propagation: Summary;
  ack: Summary;
  pushes: number;
  lost: number;
  stray: number;
  errors: number;
}

async function streams(code: Code): Promise<StreamsResult> {
  const stations = code.stations.slice(0, o.stations);
  const idle = await Promise.all(code.instances.map((d) => d.memory()));
  // Stream k of station i goes to instance (i + k) % 2: every station has devices on both.
  const specs = stations.flatMap((s, i) =>
    s.devices.map((d, k) => ({ url: code.instances[(i + k) % 2]!.url, credential: d.credential, tag: i * 3 + k })),
  );
  const readers: ChildProcess[] = [];
  const sent = new Map<string, { station: number; at: number; ack?: number; seen: number }>();
  let stray = 0;
  const propagation: number[] = [];
  const onEvents = (events: [string, number, number][]) => {
    for (const [id, at, tag] of events) {
      const p = sent.get(id);
      if (!p) continue;
      const station = Math.floor(tag / 3);
      if (station !== p.station) {
        stray++;
        continue;
      }
      // Device 0 is the kiosk that pushed; the station's other devices are what a resident notices.
      if (tag % 3 !== 0) {
        p.seen++;
        propagation.push(at - p.at);
      }
    }
  };
  const half = Math.ceil(specs.length / 2);
  const t = performance.now();
  const opened = await Promise.all(
    [specs.slice(0, half), specs.slice(half)].map(async (chunk, r) => {
      const child = fork(fileURLToPath(new URL('./city/stream-reader.ts', import.meta.url)), [], {
        execArgv: ['--import', import.meta.resolve('tsx')],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      trackChild(`stream reader ${r}`, child);
      readers.push(child);
      return withTimeout(
        new Promise<{ ok: number; failed: number; firstError: string }>((resolve, reject) => {
          child.once('exit', (c) => reject(new Error(`stream reader exited with ${c}`)));
          child.on('message', (m: { type?: string; events?: [string, number, number][] } & Record<string, unknown>) => {
            if (m.type === 'events' && m.events) onEvents(m.events);
            if (m.type === 'opened') resolve(m as never);
          });
          child.send({ type: 'open', streams: chunk });
        }),
        600_000,
        'streams to open',
      );
    }),
  );
  const openMs = performance.now() - t;
  const ok = opened.reduce((n, r) => n + r.ok, 0);
  const failed = opened.reduce((n, r) => n + r.failed, 0);
  if (failed)
    console.error(
      `    ${code.name}: ${failed} streams failed to open, e.g. ${opened.find((r) => r.firstError)?.firstError}`,
    );
  await sleep(2000);
  const connected = await Promise.all(code.instances.map((d) => d.memory()));

  // The morning: an open loop at the city's peak rate, at random stations.
  const rand = prng(6000);
  const total = Math.round((o.morningRate * o.morningMs) / 1000);
  const acks: number[] = [];
  let errors = 0;
  let inFlight = 0;
  const pushes: Promise<void>[] = [];
  const start = wallMs() + 100;
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / o.morningRate - wallMs();
    if (wait > 0) await sleep(wait);
    if (inFlight >= 500) await waitFor(() => inFlight < 500, 60_000, 'pushes in flight to drain');
    const index = Math.floor(rand() * stations.length);
    const station = stations[index]!;
    station.seq++;
    const kiosk = station.devices[0]!;
    const ticket = freshTicket(code.ctx(station.id), kiosk.id, station.seq, Date.now());
    const entry: { station: number; at: number; ack?: number; seen: number } = {
      station: index,
      at: wallMs(),
      seen: 0,
    };
    sent.set(ticket.id, entry);
    inFlight++;
    pushes.push(
      pushDocs(code.instances[index % 2]!.url, kiosk.credential, 'tickets', [ticket])
        .then(() => {
          entry.ack = wallMs();
          acks.push(entry.ack - entry.at);
        })
        .catch((error: unknown) => {
          sent.delete(ticket.id);
          if (++errors <= 3) console.error(`    ${code.name} push failed: ${(error as Error).message}`);
        })
        .finally(() => inFlight--),
    );
  }
  await Promise.all(pushes);
  await waitFor(() => [...sent.values()].every((p) => p.seen >= 2), 15_000, 'events to arrive').catch(() => undefined);
  const after = await Promise.all(code.instances.map((d) => d.memory()));
  for (const r of readers) r.send({ type: 'close' });
  await Promise.all(
    readers.map((r) => new Promise((resolve) => (r.exitCode !== null ? resolve(null) : r.once('exit', resolve)))),
  );
  const sum = (ms: ServerMemory[], key: 'heapUsed' | 'rss') => ms.reduce((n, m) => n + m[key], 0);
  return {
    streams: specs.length,
    opened: ok,
    failed,
    openMs,
    perStreamHeapKiB: (sum(connected, 'heapUsed') - sum(idle, 'heapUsed')) / 1024 / Math.max(1, ok),
    perStreamRssKiB: (sum(connected, 'rss') - sum(idle, 'rss')) / 1024 / Math.max(1, ok),
    memory: after,
    propagation: summarize(propagation),
    ack: summarize(acks),
    pushes: sent.size,
    lost: [...sent.values()].filter((p) => p.seen < 2).length,
    stray,
    errors,
  };
}

function printStreams(code: Code, r: StreamsResult): void {
  console.log(
    `    ${code.name.padEnd(8)} ${r.opened}/${r.streams} streams open in ${seconds(r.openMs)} (failed ${r.failed}); server heap +${r.perStreamHeapKiB.toFixed(1)} KiB and RSS +${r.perStreamRssKiB.toFixed(1)} KiB per stream (after GC; RSS is noisy)`,
  );
  console.log(
    `             instances after the morning: ${r.memory.map((m) => `RSS ${mib(m.rss)}, heap ${mib(m.heapUsed)}, event-loop p99 ${m.loopDelay.p99.toFixed(1)} ms`).join(' | ')}`,
  );
  console.log(
    `             ${r.pushes} pushes: errors ${r.errors}, not received by both other devices ${r.lost}, received by a device of another station ${r.stray}`,
  );
  console.log(`             push round trip:                           ${fmtSummary(r.ack)}`);
  console.log(`             push sent → event at the station's other devices: ${fmtSummary(r.propagation)}`);
}

// ---------------------------------------------------------------- main

const ratio = (ours: number, theirs: number) =>
  Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}×` : 'n/a';

cleanupOnSignals();
const started = performance.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `city bench — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), load average ${load()}`,
);
console.log(`command: npm run bench:city -- ${process.argv.slice(2).join(' ')}`.trimEnd());
let failed = false;
try {
  const postgres = await startOwnPostgres(o.port);
  console.log(
    `PostgreSQL ${postgres.version} of the bench's own on port ${o.port} (${postgres.dataDir}); ${postgres.settings}`,
  );
  const baseline = values['no-baseline'] ? undefined : unpackBaseline(values.baseline);
  if (baseline)
    console.log(`baseline: ${baseline.subject} (${baseline.revision.slice(0, 12)}), unpacked in ${baseline.root}`);
  const codes: Code[] = [await startPair({ name: 'new', label: 'this checkout' }, postgres.url)];
  if (baseline)
    codes.unshift(await startPair({ name: 'baseline', label: baseline.subject, root: baseline.root }, postgres.url));
  const byName = (name: string) => codes.find((c) => c.name === name);
  const summary: string[] = [];

  if (parts.has('capacity')) {
    for (const code of codes) await seed(code, postgres.url, o.capacityStations);
    const best = await capacity(codes);
    const line = (name: string) => {
      const s = best.get(name);
      return s
        ? `${Math.round(s.rate)} pushes/s at ${s.pushers} pushers (p50 ${s.rtt.p50.toFixed(1)} / p95 ${s.rtt.p95.toFixed(1)} / p99 ${s.rtt.p99.toFixed(1)} ms)`
        : 'no level kept p95 ≤ 100 ms';
    };
    summary.push(`capacity (best rate with p95 ≤ 100 ms): new ${line('new')}`);
    if (baseline) {
      summary.push(`                                        baseline ${line('baseline')}`);
      summary.push(
        `                                        ratio ${ratio(best.get('new')?.rate ?? NaN, best.get('baseline')?.rate ?? NaN)}`,
      );
    }
  }

  if (parts.has('streams')) {
    console.log(
      `\nstreams — ${o.stations} stations × 3 devices' multiplexed streams over 2 instances (a station's devices on both), then ${seconds(o.morningMs)} of ${o.morningRate} pushes/s at random stations`,
    );
    const results = new Map<string, StreamsResult>();
    for (const code of [...codes].reverse()) {
      await seed(code, postgres.url, o.stations);
      const r = await streams(code);
      results.set(code.name, r);
      printStreams(code, r);
    }
    const n = results.get('new')!;
    const b = results.get('baseline');
    summary.push(
      `streams: ${n.opened} open; push → other device p50/p95/p99 ${n.propagation.p50.toFixed(1)}/${n.propagation.p95.toFixed(1)}/${n.propagation.p99.toFixed(1)} ms; wrong station ${n.stray}; heap ${n.perStreamHeapKiB.toFixed(1)} KiB/stream`,
    );
    if (b) {
      summary.push(
        `         baseline p50/p95/p99 ${b.propagation.p50.toFixed(1)}/${b.propagation.p95.toFixed(1)}/${b.propagation.p99.toFixed(1)} ms; ratio (baseline/new, > 1: new is faster) p50 ${ratio(b.propagation.p50, n.propagation.p50)}, p95 ${ratio(b.propagation.p95, n.propagation.p95)}, p99 ${ratio(b.propagation.p99, n.propagation.p99)}; heap/stream ${ratio(b.perStreamHeapKiB, n.perStreamHeapKiB)}`,
      );
    }
  }

  // The catch-up part starts its own single instances; the pairs are no longer needed.
  for (const code of codes) for (const d of code.instances) await d.close();

  if (parts.has('catchup')) {
    const results = new Map<string, PartCResult>();
    for (const code of [...codes].reverse()) {
      results.set(
        code.name,
        await partC({
          mode: 'child',
          databaseUrl: postgres.url,
          logLevel: o.logLevel,
          docs: o.docs,
          rounds: 2,
          pouchLocal: 'memory',
          timeoutMs: 300_000,
          codeRoot: byName(code.name)?.root,
          label: `${code.name} (${code.label})`,
        }),
      );
    }
    const rate = (ms: number, docs: number) => Math.round(docs / (ms / 1000));
    for (const [name, r] of results) {
      summary.push(
        `catch-up ${name}: push ${rate(r.ours.pushMs, r.docs)} docs/s (${ratio(r.pouch.pushMs, r.ours.pushMs)} PouchDB), pull ${rate(r.ours.pullMs, r.docs)} docs/s (${ratio(r.pouch.pullMs, r.ours.pullMs)} PouchDB)`,
      );
    }
    const n = results.get('new');
    const b = results.get('baseline');
    if (n && b) {
      summary.push(
        `catch-up new / baseline: push ${ratio(b.ours.pushMs, n.ours.pushMs)}, pull ${ratio(b.ours.pullMs, n.ours.pullMs)}`,
      );
    }
  }
  console.log(`\nsummary\n${summary.map((l) => `  ${l}`).join('\n')}`);
} catch (error) {
  failed = true;
  console.error(`city bench failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanupAll();
}
console.log(`\ncity bench finished in ${seconds(performance.now() - started)}, load average ${load()}`);
process.exitCode = failed ? 1 : 0;
