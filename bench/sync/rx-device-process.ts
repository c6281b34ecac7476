/**
 * Child-process entry: one station device running the real RxDB client
 * (bench/sync/device.ts) against the district, for part (b). A process of its
 * own because RxDB's free tier allows about 13 open collections per process.
 * IPC: → {type:'ready', ms} once in sync; → {type:'doc', id, at} for every ticket
 * the replication stores locally (at = shared wall clock, ms). Exits when the
 * bench disconnects.
 */
import { openDevice } from './device.ts';
import { wallMs } from './util.ts';

const url = process.env.BENCH_URL ?? '';
const credential = process.env.BENCH_CREDENTIAL ?? '';
const device = await openDevice('b-live');
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  try {
    await device.close();
  } finally {
    process.exit(0);
  }
};
process.on('disconnect', () => void stop());
process.once('SIGTERM', () => void stop());

device.collections.tickets.insert$.subscribe((event) => {
  process.send?.({ type: 'doc', id: event.documentId, at: wallMs() });
});
const started = performance.now();
const sync = device.startSync(url, credential);
sync.status$.subscribe((s) => {
  if (s.lastError) process.send?.({ type: 'error', message: s.lastError });
});
await sync.awaitInSync();
process.send?.({ type: 'ready', ms: performance.now() - started });
