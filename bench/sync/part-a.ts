/**
 * (a) A station back after a week offline: the district holds the station's
 * catalog and 5,000 tickets another device of the station wrote meanwhile; the
 * returning device holds 5,000 tickets of its own not yet pushed. Measures the
 * real client from starting replication to in sync both ways.
 */
import { firstValueFrom, filter } from 'rxjs';
import { averageJsonBytes, catalogFile, ticketContext, ticketRun } from './docs.ts';
import { enrolDevice, pullAll, pushDocs, startDistrict, type ServerMode } from './district.ts';
import { openDevice } from './device.ts';
import { fetchStatsLine, installFetchStats, resetFetchStats } from './http-stats.ts';
import { fmtRate, prng, seconds, waitFor, withTimeout } from './util.ts';
import { PUSH_BATCH_MAX } from '#protocol/wire-messages.ts';

export interface PartAOptions {
  mode: ServerMode;
  databaseUrl?: string;
  logLevel: string;
  catalogItems: number;
  localTickets: number;
  districtTickets: number;
  days: number;
  pullBatch?: number;
  pushBatch?: number;
  timeoutMs: number;
}

export async function partA(o: PartAOptions): Promise<void> {
  installFetchStats();
  const district = await startDistrict({ mode: o.mode, databaseUrl: o.databaseUrl, logLevel: o.logLevel, label: 'a' });
  const stationId = 'bench-a-station';
  const file = catalogFile(stationId, o.catalogItems, 'bench-a-svc');
  const ctx = ticketContext(file);
  await district.createStation(stationId);
  await district.importCatalog(file);
  const returning = await enrolDevice(district, stationId, 'counter', 0, 2, 'returning counter');
  const other = await enrolDevice(district, stationId, 'counter', 1, 2, 'counter that stayed online');

  const device = await openDevice('a-returning');
  try {
    // Before the week offline: the device was enrolled and in sync (catalog, station).
    let started = performance.now();
    const first = device.startSync(district.url, returning.credential, {
      pullBatchSize: o.pullBatch,
      pushBatchSize: o.pushBatch,
    });
    await withTimeout(first.awaitInSync(), o.timeoutMs, 'first sync');
    const firstMs = performance.now() - started;
    await device.stopSync();

    // The week offline.
    const rand = prng(20261128);
    const endMs = Date.now();
    const localTickets = ticketRun({
      ctx,
      deviceId: returning.deviceId,
      issuing: { slot: 0, slots: 2 },
      count: o.localTickets,
      days: o.days,
      endMs,
      rand,
    });
    const districtTickets = ticketRun({
      ctx,
      deviceId: other.deviceId,
      issuing: { slot: 1, slots: 2 },
      count: o.districtTickets,
      days: o.days,
      endMs,
      rand,
    });
    started = performance.now();
    await device.writeOffline(localTickets);
    const writeLocalMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < districtTickets.length; i += PUSH_BATCH_MAX) {
      await pushDocs(district.url, other.credential, 'tickets', districtTickets.slice(i, i + PUSH_BATCH_MAX));
    }
    const seedMs = performance.now() - started;

    // Back online.
    const tickets = device.collections.tickets;
    let down = 0;
    let downAt = 0;
    let upAt = 0;
    const t0 = performance.now();
    const sub = tickets.insert$.subscribe((event) => {
      if (
        (event.documentData as { deviceId?: string }).deviceId === other.deviceId &&
        ++down === districtTickets.length
      )
        downAt = performance.now();
    });
    const upDone = firstValueFrom(device.outbox.changes.pipe(filter((n) => n === 0))).then(() => {
      upAt = performance.now();
    });
    resetFetchStats();
    const sync = device.startSync(district.url, returning.credential, {
      pullBatchSize: o.pullBatch,
      pushBatchSize: o.pushBatch,
    });
    await Promise.all([
      withTimeout(upDone, o.timeoutMs, 'the returning device to push its tickets'),
      waitFor(
        () => down >= districtTickets.length,
        o.timeoutMs,
        'the returning device to receive the district tickets',
      ),
    ]);
    await withTimeout(sync.awaitInSync(), o.timeoutMs, 'awaitInSync');
    const inSyncMs = performance.now() - t0;
    sub.unsubscribe();
    const http = fetchStatsLine();

    // Checks, outside the timed window.
    const localCount = await tickets.count().exec();
    const onServer = await pullAll(district.url, other.credential, 'tickets');
    const mineOnServer = new Set(onServer.filter((d) => d.deviceId === returning.deviceId).map((d) => d.id));
    const allPushed = localTickets.every((t) => mineOnServer.has(t.id));
    await device.stopSync();

    const downMs = downAt - t0;
    const upMs = upAt - t0;
    console.log(`\n(a) A station back after a week offline — server ${district.mode}, ${district.storage}`);
    console.log(
      `    catalog: ${o.catalogItems} district items + station doc; first sync before going offline ${seconds(firstMs)}`,
    );
    console.log(
      `    offline: ${localTickets.length} local tickets (avg ${averageJsonBytes(localTickets)} B JSON) stored in ${seconds(writeLocalMs)}; ` +
        `${districtTickets.length} tickets pushed at the district by the station's other device in ${seconds(seedMs)} (${fmtRate(districtTickets.length, seedMs)}, batches of ${PUSH_BATCH_MAX})`,
    );
    console.log(
      `    client: pull batch ${o.pullBatch ?? 'default (500)'}, push batch ${o.pushBatch ?? 'default (100)'}`,
    );
    console.log(
      `    down (district → device): ${districtTickets.length} docs in ${seconds(downMs)}  = ${fmtRate(districtTickets.length, downMs)}`,
    );
    console.log(
      `    up   (device → district): ${localTickets.length} docs in ${seconds(upMs)}  = ${fmtRate(localTickets.length, upMs)}`,
    );
    console.log(
      `    fully in sync (both ways + awaitInSync): ${seconds(inSyncMs)}  = ${fmtRate(localTickets.length + districtTickets.length, inSyncMs)} overall`,
    );
    console.log(`    HTTP during catch-up: ${http}`);
    console.log(
      `    check: ${localCount} tickets on the device (expected ${localTickets.length + districtTickets.length}); ` +
        `${onServer.length} at the district, all ${localTickets.length} local ones there: ${allPushed ? 'yes' : 'NO'}`,
    );
  } finally {
    await device.close();
    await district.close();
  }
}
