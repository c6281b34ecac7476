/**
 * (b) N stations live: every station has one device holding the multiplexed
 * stream (a lightweight raw reader, or for a few stations the full RxDB client in
 * a process of its own) and a kiosk that pushes. Tickets are pushed at random
 * stations at a steady rate; each must reach that station's streaming device.
 * Measures propagation and the server process's memory and file descriptors.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { MultiplexedStreamEvent } from '#protocol/wire-messages.ts';
import { trackChild } from './cleanup.ts';
import { catalogFile, freshTicket, ticketContext } from './docs.ts';
import {
  enrolDevice,
  ownLoopDelay,
  pushDocs,
  startDistrict,
  type District,
  type LoopDelay,
  type ServerMemory,
  type ServerMode,
} from './district.ts';
import { openRawStream, type RawStream } from './raw-stream.ts';
import {
  fdLimit,
  fmtSummary,
  mapLimit,
  mib,
  openFds,
  procMemory,
  prng,
  seconds,
  sleep,
  summarize,
  waitFor,
  wallMs,
  withTimeout,
} from './util.ts';

export interface PartBOptions {
  mode: ServerMode;
  databaseUrl?: string;
  logLevel: string;
  stations: number;
  rxClients: number;
  rate: number;
  durationS: number;
  /** Share of pushes aimed at the full RxDB clients' stations. */
  rxShare: number;
  /** Then: this many pushers in a closed loop (each pushes again when acknowledged), to find the server's capacity. */
  burstConcurrency: number;
  burstS: number;
  timeoutMs: number;
}

interface Station {
  id: string;
  kiosk: EnrolResponse;
  listener: EnrolResponse;
  stream?: RawStream;
  rx?: ChildProcess;
  endRx?: () => Promise<void>;
}

interface Pending {
  station: string;
  sentAt: number;
  ackAt?: number;
  receivedAt?: number;
  rx: boolean;
  burst: boolean;
}

function memLine(m: ServerMemory, fds: number | null): string {
  return `RSS ${mib(m.rss)} (peak ${mib(m.peakRss)}), heap used ${mib(m.heapUsed)} of ${mib(m.heapTotal)}${m.afterGc ? ' after GC' : ''}, external ${mib(m.external)}, open fds ${fds ?? '?'}`;
}

async function startRxClient(
  district: District,
  station: Station,
  onDoc: (id: string, at: number) => void,
  timeoutMs: number,
): Promise<{ proc: ChildProcess; readyMs: number }> {
  const proc = fork(fileURLToPath(new URL('./rx-device-process.ts', import.meta.url)), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, BENCH_URL: district.url, BENCH_CREDENTIAL: station.listener.credential },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  station.endRx = trackChild(`RxDB device of ${station.id}`, proc);
  let lastError = '';
  proc.on('message', (m: { type?: string; id?: string; at?: number; message?: string }) => {
    if (m?.type === 'doc' && m.id && m.at) onDoc(m.id, m.at);
    if (m?.type === 'error' && m.message) lastError = m.message;
  });
  const readyMs = await withTimeout(
    new Promise<number>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`RxDB device child exited with ${code}; last error: ${lastError}`)));
      proc.on('message', (m: { type?: string; ms?: number }) => {
        if (m?.type === 'ready') resolve(m.ms ?? Number.NaN);
      });
    }),
    timeoutMs,
    `RxDB device of ${station.id} to get in sync`,
  );
  return { proc, readyMs };
}

export async function partB(o: PartBOptions): Promise<void> {
  const partStarted = performance.now();
  const district = await startDistrict({ mode: o.mode, databaseUrl: o.databaseUrl, logLevel: o.logLevel, label: 'b' });
  const serverPid = district.pid;
  const rxCount = Math.min(o.rxClients, o.stations);
  const stations: Station[] = [];
  try {
    // One district catalog (42 items, imported with the first station), then N stations with two devices each.
    let t = performance.now();
    const ids = Array.from({ length: o.stations }, (_, i) => `bench-b-${String(i + 1).padStart(4, '0')}`);
    const file = catalogFile(ids[0]!, 42, 'bench-b-svc');
    const ctx = ticketContext(file);
    await mapLimit(ids, 8, async (id, i) => {
      await district.createStation(id);
      // Every station needs its station document (queues, staff): the district checks tickets against it.
      await district.importCatalog(i === 0 ? file : { ...file, station: { ...file.station, id } });
      const kiosk = await enrolDevice(district, id, 'kiosk', 0, 1, 'kiosk');
      const listener = await enrolDevice(district, id, 'display', 0, 1, 'calling display');
      stations[i] = { id, kiosk, listener };
    });
    const setupMs = performance.now() - t;
    const memIdle = await district.memory();
    const fdsIdle = openFds(serverPid);
    const benchIdle = procMemory(process.pid);

    // Propagation bookkeeping: ticket id → timings.
    const pending = new Map<string, Pending>();
    let strayEvents = 0;
    let unknownDocs = 0;
    const received = (id: string, at: number, station: string) => {
      const p = pending.get(id);
      if (!p) {
        unknownDocs++;
        return;
      }
      if (p.station !== station) strayEvents++;
      p.receivedAt ??= at;
    };

    // Streams: the full RxDB clients first (slowest to start), then raw readers.
    t = performance.now();
    const rxReady: number[] = [];
    for (const station of stations.slice(0, rxCount)) {
      const { proc, readyMs } = await startRxClient(
        district,
        station,
        (id, at) => received(id, at, station.id),
        o.timeoutMs,
      );
      station.rx = proc;
      rxReady.push(readyMs);
    }
    const rxMs = performance.now() - t;
    t = performance.now();
    let streamFailures = 0;
    await mapLimit(stations.slice(rxCount), 50, async (station) => {
      try {
        station.stream = await openRawStream(
          district.url,
          station.listener.credential,
          (event: MultiplexedStreamEvent, at: number) => {
            if (event.collection !== 'tickets' || event.message === 'RESYNC') return;
            for (const doc of event.message.documents) received(String(doc.id), at, station.id);
          },
          o.timeoutMs,
        );
      } catch (error) {
        streamFailures++;
        if (streamFailures <= 3) console.error(`stream of ${station.id} failed: ${(error as Error).message}`);
      }
    });
    const connectMs = performance.now() - t;
    await sleep(2000);
    const memConnected = await district.memory();
    const fdsConnected = openFds(serverPid);
    const benchConnected = procMemory(process.pid);
    ownLoopDelay();

    // Steady pushes at random stations; a share goes to the full clients' stations.
    const rand = prng(1300);
    const total = Math.round(o.rate * o.durationS);
    const seqs = new Map<string, number>();
    let inFlight = 0;
    let pushErrors = 0;
    let late = 0;
    const pushes: Promise<void>[] = [];
    const start = wallMs() + 100;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / o.rate;
      const wait = due - wallMs();
      if (wait > 0) await sleep(wait);
      else if (wait < -50) late++;
      if (inFlight >= 200) {
        await waitFor(() => inFlight < 200, o.timeoutMs, 'pushes in flight to drain');
      }
      const toRx = rxCount > 0 && rand() < o.rxShare;
      const station = toRx
        ? stations[Math.floor(rand() * rxCount)]!
        : (stations[rxCount + Math.floor(rand() * (stations.length - rxCount))] ?? stations[0]!);
      const seq = (seqs.get(station.id) ?? 0) + 1;
      seqs.set(station.id, seq);
      const ticket = freshTicket({ ...ctx, stationId: station.id }, station.kiosk.deviceId, seq, Date.now());
      const entry: Pending = { station: station.id, sentAt: wallMs(), rx: Boolean(station.rx), burst: false };
      pending.set(ticket.id, entry);
      inFlight++;
      pushes.push(
        pushDocs(district.url, station.kiosk.credential, 'tickets', [ticket])
          .then(() => {
            entry.ackAt = wallMs();
          })
          .catch((error: unknown) => {
            pushErrors++;
            pending.delete(ticket.id);
            if (pushErrors <= 3) console.error(`push failed: ${(error as Error).message}`);
          })
          .finally(() => {
            inFlight--;
          }),
      );
    }
    const pushedIn = wallMs() - start;
    await withTimeout(Promise.all(pushes), o.timeoutMs, 'pushes to finish');
    const benchLoop = ownLoopDelay();
    const all = [...pending.values()].filter((p) => !p.burst);
    await waitFor(
      () => all.every((p) => p.receivedAt !== undefined),
      10_000,
      'every pushed ticket to reach its station',
    ).catch(() => undefined);
    const memAfter = await district.memory();
    const fdsAfter = openFds(serverPid);

    // Capacity: closed-loop pushers at random raw-stream stations, as fast as the server answers.
    const burst: Pending[] = [];
    let burstErrors = 0;
    const burstStart = wallMs();
    const burstEnd = burstStart + o.burstS * 1000;
    const rawStations = stations.slice(rxCount);
    if (o.burstS > 0 && rawStations.length > 0) {
      await withTimeout(
        Promise.all(
          Array.from({ length: o.burstConcurrency }, async () => {
            while (wallMs() < burstEnd) {
              const station = rawStations[Math.floor(rand() * rawStations.length)]!;
              const seq = (seqs.get(station.id) ?? 0) + 1;
              seqs.set(station.id, seq);
              const ticket = freshTicket({ ...ctx, stationId: station.id }, station.kiosk.deviceId, seq, Date.now());
              const entry: Pending = { station: station.id, sentAt: wallMs(), rx: false, burst: true };
              pending.set(ticket.id, entry);
              try {
                await pushDocs(district.url, station.kiosk.credential, 'tickets', [ticket]);
                entry.ackAt = wallMs();
                burst.push(entry);
              } catch (error) {
                burstErrors++;
                pending.delete(ticket.id);
                if (burstErrors <= 3) console.error(`push failed: ${(error as Error).message}`);
              }
            }
          }),
        ),
        o.timeoutMs + o.burstS * 1000,
        'closed-loop pushes',
      );
      await waitFor(
        () => burst.every((p) => p.receivedAt !== undefined),
        10_000,
        'every burst ticket to reach its station',
      ).catch(() => undefined);
    }
    const burstMs = wallMs() - burstStart;
    const memBurst = o.burstS > 0 ? await district.memory() : undefined;

    const lost = all.filter((p) => p.receivedAt === undefined).length;
    const done = all.filter((p): p is Required<Pending> => p.receivedAt !== undefined && p.ackAt !== undefined);
    const rawDone = done.filter((p) => !p.rx);
    const rxDone = done.filter((p) => p.rx);
    const ackMs = summarize(done.map((p) => p.ackAt - p.sentAt));
    const rawSent = summarize(rawDone.map((p) => p.receivedAt - p.sentAt));
    const rawAck = summarize(rawDone.map((p) => p.receivedAt - p.ackAt));
    const rxSent = summarize(rxDone.map((p) => p.receivedAt - p.sentAt));
    const rxAck = summarize(rxDone.map((p) => p.receivedAt - p.ackAt));
    const beforeAck = done.filter((p) => p.receivedAt < p.ackAt).length;

    const openStreams =
      stations.filter((s) => s.stream && !s.stream.ended).length +
      stations.filter((s) => s.rx && s.rx.exitCode === null).length;
    console.log(`\n(b) ${o.stations} stations live — server ${district.mode} (pid ${serverPid}), ${district.storage}`);
    console.log(
      `    setup: ${o.stations} stations × 2 enrolled devices in ${seconds(setupMs)}; ` +
        `${rxCount} full RxDB clients in sync in ${seconds(rxMs)} (each ${rxReady.map((ms) => Math.round(ms)).join('/')} ms); ` +
        `${o.stations - rxCount} raw streams opened in ${seconds(connectMs)} (50 at a time), failures: ${streamFailures}`,
    );
    console.log(
      `    file descriptors: limit ${fdLimit(serverPid)} (server), ${fdLimit()} (bench); streams still open at the end: ${openStreams}/${o.stations}`,
    );
    console.log(`    server memory, stations enrolled, no streams: ${memLine(memIdle, fdsIdle)}`);
    console.log(`    server memory, ${o.stations} streams open:     ${memLine(memConnected, fdsConnected)}`);
    console.log(`    server memory, after ${all.length} pushes:       ${memLine(memAfter, fdsAfter)}`);
    console.log(
      `      → per open stream: heap +${((memConnected.heapUsed - memIdle.heapUsed) / 1024 / o.stations).toFixed(1)} KiB; ` +
        `RSS ${memConnected.rss >= memIdle.rss ? '+' : ''}${mib(memConnected.rss - memIdle.rss)} for all ${o.stations} (${o.databaseUrl ? 'RSS moves with GC and the allocator' : "RSS is mostly PGlite's WASM memory"}: noisy)`,
    );
    console.log(
      `    bench process RSS: ${mib(benchIdle?.rss ?? Number.NaN)} before streams, ${mib(benchConnected?.rss ?? Number.NaN)} with them (not the server)`,
    );
    console.log(
      `    pushes: ${all.length} single-ticket pushes over ${seconds(pushedIn)} (target ${o.rate}/s for ${o.durationS} s; ${late} sent > 50 ms late), ` +
        `errors ${pushErrors}, never received ${lost}, received by another station ${strayEvents}, unexpected docs ${unknownDocs}`,
    );
    console.log(`    push round trip (sent → acknowledged):      ${fmtSummary(ackMs)}`);
    console.log(`    raw stream, push sent → event received:      ${fmtSummary(rawSent)}`);
    console.log(
      `    raw stream, push acknowledged → event:       ${fmtSummary(rawAck)}   (${beforeAck} events arrived before the pusher's ack)`,
    );
    const loop = (d: LoopDelay) => `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`;
    console.log(
      `    event-loop delay while pushing: server ${loop(memAfter.loopDelay)}; bench process (pushers + raw streams) ${loop(benchLoop)}`,
    );
    if (rxCount > 0) {
      console.log(`    RxDB client, push sent → stored locally:    ${fmtSummary(rxSent)}`);
      console.log(`    RxDB client, push acknowledged → stored:     ${fmtSummary(rxAck)}`);
    }
    if (memBurst) {
      const burstDone = burst.filter((p): p is Required<Pending> => p.receivedAt !== undefined);
      console.log(
        `    capacity: ${o.burstConcurrency} pushers in a closed loop for ${o.burstS} s: ${burst.length} pushes = ${Math.round(burst.length / (burstMs / 1000))}/s, ` +
          `errors ${burstErrors}, never received ${burst.length - burstDone.length}`,
      );
      console.log(`      round trip:                 ${fmtSummary(summarize(burst.map((p) => p.ackAt! - p.sentAt)))}`);
      console.log(
        `      push sent → event received: ${fmtSummary(summarize(burstDone.map((p) => p.receivedAt - p.sentAt)))}`,
      );
      console.log(
        `      server event-loop delay: ${loop(memBurst.loopDelay)}; server ${memLine(memBurst, openFds(serverPid))}`,
      );
    }
    console.log(`    part (b) took ${seconds(performance.now() - partStarted)}`);
  } finally {
    for (const s of stations) s?.stream?.close();
    await Promise.all(stations.map((s) => s?.endRx?.()));
    await district.close();
  }
}
