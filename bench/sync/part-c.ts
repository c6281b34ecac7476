/**
 * (c) The same 10,000 ticket documents through two stacks, each server in a
 * process of its own: PouchDB ↔ pouchdb-server (LevelDB) and the RxDB client ↔
 * our district server (PGlite or PostgreSQL). Push (local → server) and pull
 * (server → a fresh local database), client defaults on both sides. Several
 * rounds, alternating which stack goes first; the best round of each counts.
 */
import { firstValueFrom, filter } from 'rxjs';
import type { TicketDoc } from '#protocol/schemas.ts';
import { averageJsonBytes, catalogFile, ticketContext, ticketRun } from './docs.ts';
import { openDevice } from './device.ts';
import { enrolDevice, pullAll, startDistrict, type District, type ServerMode } from './district.ts';
import { fetchStatsLine, installFetchStats, resetFetchStats } from './http-stats.ts';
import { localPouch, PouchDB, startPouchServer, type PouchServer } from './pouch.ts';
import { fmtRate, mib, procMemory, prng, seconds, waitFor, withTimeout } from './util.ts';

export interface PartCOptions {
  mode: ServerMode;
  databaseUrl?: string;
  logLevel: string;
  docs: number;
  rounds: number;
  pouchLocal: 'memory' | 'leveldb';
  pullBatch?: number;
  pushBatch?: number;
  pouchBatch?: number;
  timeoutMs: number;
  /** Run the district server of this checkout (bench:city's baseline). */
  codeRoot?: string;
  /** Printed after "(c)", e.g. which code ran. */
  label?: string;
}

/** Best push and pull time of each stack, ms, for callers that compare runs. */
export interface PartCResult {
  docs: number;
  ours: { pushMs: number; pullMs: number };
  pouch: { pushMs: number; pullMs: number };
}

interface Round {
  pushMs: number;
  pullMs: number;
  notes: string[];
}

async function pouchRound(
  o: PartCOptions,
  server: PouchServer,
  round: number,
  docs: readonly TicketDoc[],
): Promise<Round> {
  const remote = `${server.url}/tickets-${round}`;
  const local = localPouch(o.pouchLocal, `push-${round}`);
  for (let i = 0; i < docs.length; i += 1000) {
    await local.bulkDocs(docs.slice(i, i + 1000).map(({ id, ...rest }) => ({ _id: id, ...rest })));
  }
  const options = o.pouchBatch ? { batch_size: o.pouchBatch } : {};
  let t = performance.now();
  const pushed = await withTimeout(local.replicate.to(remote, options), o.timeoutMs, 'PouchDB push');
  const pushMs = performance.now() - t;
  await local.destroy();

  const fresh = localPouch(o.pouchLocal, `pull-${round}`);
  t = performance.now();
  const pulled = await withTimeout(fresh.replicate.from(remote, options), o.timeoutMs, 'PouchDB pull');
  const pullMs = performance.now() - t;
  const remoteCount = ((await (await fetch(remote)).json()) as { doc_count: number }).doc_count;
  const localCount = (await fresh.info()).doc_count;
  await fresh.destroy();
  return {
    pushMs,
    pullMs,
    notes: [
      `check: pushed ${pushed.docs_written} (failures ${pushed.doc_write_failures}), server holds ${remoteCount}; pulled ${pulled.docs_written}, fresh local holds ${localCount}`,
    ],
  };
}

async function rxdbRound(
  o: PartCOptions,
  district: District,
  round: number,
  docs: readonly TicketDoc[],
  pusher: { credential: string },
  puller: { credential: string },
): Promise<Round> {
  const batches = { pullBatchSize: o.pullBatch, pushBatchSize: o.pushBatch };
  // Push: a device holding the documents (written one by one, offline) starts replicating.
  const first = await openDevice(`c-push-${round}`);
  let pushMs: number;
  let pushInSyncMs: number;
  let pushHttp: string;
  try {
    await first.writeOffline(docs);
    const outboxEmpty = firstValueFrom(first.outbox.changes.pipe(filter((n) => n === 0)));
    resetFetchStats();
    const t = performance.now();
    const sync = first.startSync(district.url, pusher.credential, batches);
    await withTimeout(outboxEmpty, o.timeoutMs, 'RxDB push');
    pushMs = performance.now() - t;
    await withTimeout(sync.awaitInSync(), o.timeoutMs, 'awaitInSync after push');
    pushInSyncMs = performance.now() - t;
    pushHttp = fetchStatsLine();
  } finally {
    await first.close();
  }
  const onServer = await pullAll(district.url, puller.credential, 'tickets');

  // Pull: a fresh device of the same station.
  const fresh = await openDevice(`c-pull-${round}`);
  let pullMs: number;
  let pullHttp: string;
  let localCount: number;
  try {
    let received = 0;
    const sub = fresh.collections.tickets.insert$.subscribe(() => received++);
    resetFetchStats();
    const t = performance.now();
    const sync = fresh.startSync(district.url, puller.credential, batches);
    await waitFor(() => received >= docs.length, o.timeoutMs, 'RxDB pull');
    pullMs = performance.now() - t;
    await withTimeout(sync.awaitInSync(), o.timeoutMs, 'awaitInSync after pull');
    pullHttp = fetchStatsLine();
    sub.unsubscribe();
    localCount = await fresh.collections.tickets.count().exec();
  } finally {
    await fresh.close();
  }
  return {
    pushMs,
    pullMs,
    notes: [
      `push: outbox empty after ${seconds(pushMs)}, awaitInSync after ${seconds(pushInSyncMs)} (pushed documents come back down the stream); HTTP (request → headers, as the client saw it): ${pushHttp}`,
      `pull: HTTP ${pullHttp}`,
      `check: server holds ${onServer.length} tickets of the station; fresh device holds ${localCount}`,
    ],
  };
}

const best = (rounds: Round[], key: 'pushMs' | 'pullMs') => Math.min(...rounds.map((r) => r[key]));

export async function partC(o: PartCOptions): Promise<PartCResult> {
  const started = performance.now();
  installFetchStats();
  const district = await startDistrict({
    mode: o.mode,
    databaseUrl: o.databaseUrl,
    logLevel: o.logLevel,
    label: 'c',
    codeRoot: o.codeRoot,
  });
  const pouchServer = await startPouchServer();
  const ours: Round[] = [];
  const theirs: Round[] = [];
  let docBytes = 0;
  try {
    const rand = prng(10000);
    for (let round = 1; round <= o.rounds; round++) {
      // A station per round; its kiosk's id goes into the documents (our server checks it), and PouchDB gets the very same ones.
      const stationId = `bench-c-${round}`;
      const file = catalogFile(stationId, 42, 'bench-c-svc');
      await district.createStation(stationId);
      await district.importCatalog(file);
      const pusher = await enrolDevice(district, stationId, 'counter', 0, 2, 'pushing counter');
      const puller = await enrolDevice(district, stationId, 'counter', 1, 2, 'fresh counter');
      const docs = ticketRun({
        ctx: ticketContext(file),
        deviceId: pusher.deviceId,
        issuing: { slot: 0, slots: 2 },
        count: o.docs,
        // The district takes new tickets of the station's current day and the 7 before (ISSUE_DAYS_BACK).
        days: 7,
        endMs: Date.now(),
        rand,
      });
      docBytes = averageJsonBytes(docs);
      if (round % 2 === 1) {
        ours.push(await rxdbRound(o, district, round, docs, pusher, puller));
        theirs.push(await pouchRound(o, pouchServer, round, docs));
      } else {
        theirs.push(await pouchRound(o, pouchServer, round, docs));
        ours.push(await rxdbRound(o, district, round, docs, pusher, puller));
      }
    }
    const districtMem = await district.memory();
    const pouchMem = procMemory(pouchServer.pid);
    const n = o.docs;
    const line = (name: string, rounds: Round[]) => {
      const push = best(rounds, 'pushMs');
      const pull = best(rounds, 'pullMs');
      const all = (key: 'pushMs' | 'pullMs') => rounds.map((r) => (r[key] / 1000).toFixed(2)).join('/');
      return `    ${name.padEnd(32)} push ${seconds(push).padStart(8)} ${fmtRate(n, push).padStart(14)} [${all('pushMs')} s]    pull ${seconds(pull).padStart(8)} ${fmtRate(n, pull).padStart(14)} [${all('pullMs')} s]`;
    };
    console.log(
      `\n(c)${o.label ? ` ${o.label}:` : ''} The same ${n.toLocaleString('en-US')} ticket documents (avg ${docBytes} B JSON) through both stacks — best of ${o.rounds} round(s) [each round]`,
    );
    console.log(line('PouchDB ↔ pouchdb-server', theirs));
    console.log(line('RxDB client ↔ district server', ours));
    const ratio = (key: 'pushMs' | 'pullMs') => (best(theirs, key) / best(ours, key)).toFixed(2);
    console.log(
      `    ratio RxDB stack / PouchDB stack in docs/s: push ${ratio('pushMs')}×, pull ${ratio('pullMs')}×   (> 1 means ours is faster)`,
    );
    console.log(
      `    PouchDB ${PouchDB().version} client (local ${o.pouchLocal}, batch_size ${o.pouchBatch ?? 'default 100'}) ↔ pouchdb-server 4.2.0 ` +
        `(LevelDB, child pid ${pouchServer.pid}, RSS ${mib(pouchMem?.rss ?? Number.NaN)}, logs requests to its log.txt)`,
    );
    console.log(
      `    RxDB 17.6 client via startDistrictSync (memory storage, pull batch ${o.pullBatch ?? 'default 500'}, push batch ${o.pushBatch ?? 'default 100'}) ↔ ` +
        `district server (${district.mode}, pid ${district.pid}, ${district.storage}, RSS ${mib(districtMem.rss)}, log level ${o.logLevel})`,
    );
    ours.forEach((r, i) => r.notes.forEach((note) => console.log(`    ours, round ${i + 1}: ${note}`)));
    theirs.forEach((r, i) => r.notes.forEach((note) => console.log(`    PouchDB, round ${i + 1}: ${note}`)));
    console.log(`    part (c) took ${seconds(performance.now() - started)}`);
    return {
      docs: n,
      ours: { pushMs: best(ours, 'pushMs'), pullMs: best(ours, 'pullMs') },
      pouch: { pushMs: best(theirs, 'pushMs'), pullMs: best(theirs, 'pullMs') },
    };
  } finally {
    await pouchServer.close();
    await district.close();
  }
}
