/**
 * The station hub's figures (PRODUCT.md §6: kiosk → counter through the hub p95 ≤ 50 ms):
 *  1. LAN propagation, kiosk → counter through the hub, with the uplink cut:
 *     p50/p95/max over N tickets (the time from the kiosk's write until the
 *     counter's replica holds the ticket, seen by an RxDB subscription, not polling);
 *  2. catch-up: the hub holding a day of tickets written while offline, the uplink
 *     back, until the district has every one (exactly once).
 * Real parts in one process: district and hub (the server's code on PGlite),
 * the uplink through a fault proxy, two devices with the real replication client.
 * Each ticket's path is also cut into phases (bench/hub-timeline.ts): the kiosk's
 * push being sent, the hub's commit, the counter's stream event (and a pull, when the
 * counter makes one), the counter's replica. No phase waits on a timer, a batch
 * window or polling; the time is hops of work on one shared event loop and one
 * PGlite session, and it grows with the machine's load.
 * Until 2026-12-01 each device pulled after every stream event (an RxDB 17.6 quirk
 * worked around by passing events as RESYNC): 7.1 hub statements per ticket and a
 * third of the time. Devices now store the event's documents (device-replication.ts):
 * 2.1 statements per ticket. Measured side by side with that baseline in turns
 * (bench/hub-compare.ts, 2 pairs, 200 tickets each) on the shared 2-core machine at
 * load 20–29: p50 ×0.72, p95 ×0.69 (p50/p95 196.8/412.3 and 212.2/439.3 ms against
 * 286.6/543.3 and 282.4/703.7 ms); catch-up of 700 writes unchanged (×0.93, noise
 * 10–38 s on either side). The absolute target (p95 ≤ 50 ms) can only be judged on
 * an unloaded machine: the baseline gave p95 67 ms at load 1.8 and 1.7 s at load 27.
 * Again on 2026-12-02, merged onto that day's main, against it (2 pairs, 200 tickets,
 * load 8–10): p50/p95/max 29.4/63.3/221.4 and 61.3/136.4/527.4 ms against
 * 96.2/188.6/510.1 and 72.6/155.5/891.3 ms: p50 ×0.57, p95 ×0.61 (catch-up ×1.66,
 * 9.3 and 19.0 s against 12.0 and 7.5 s: the second pair ran beside a test suite).
 *   npm run bench:hub -- [--tickets 200] [--offline 500]
 */
import '#tests/server/helpers/node-local-storage.ts';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { filter, firstValueFrom } from 'rxjs';
import { startFaultProxy } from '#tests/server/helpers/fault-proxy.ts';
import { districtTickets, enrolHub, startLiveHub } from '#tests/server/helpers/live-hub.ts';
import { startLiveDistrict } from '#tests/server/helpers/live-district.ts';
import { openKioskAndCounter } from '#tests/server/helpers/test-device.ts';
import { busyMeter, noteRequests, phaseTable, type TicketTimeline } from './hub-timeline.ts';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '200' }, offline: { type: 'string', default: '500' } },
});
const N = Number(values.tickets);
const OFFLINE = Number(values.offline);
const out = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const district = await startLiveDistrict();
await district.createStation('s1');
const proxy = await startFaultProxy(district.url);
const { kiosk, counter } = await openKioskAndCounter(district);
const hub = await startLiveHub(await enrolHub(district, 's1'), proxy.url);
try {
  await hub.uplink.settled();
  // Before the devices connect, so that their live streams are noted too.
  const requests = noteRequests([kiosk.enrolment.credential, counter.enrolment.credential]);
  kiosk.startSync(hub.url);
  counter.startSync(hub.url);
  await firstValueFrom(counter.db.stations.findOne('s1').$.pipe(filter((d) => d !== null)));
  await firstValueFrom(kiosk.db.services.findOne('svc-a').$.pipe(filter((d) => d !== null)));
  await firstValueFrom(kiosk.db.stations.findOne('s1').$.pipe(filter((d) => d !== null)));
  proxy.partition();

  const latencies: number[] = [];
  const timelines: TicketTimeline[] = [];
  const commits: number[] = [];
  const hubDb = busyMeter(hub.repo.db);
  const unlisten = await hub.repo.events.listen(
    (event) => void (event.type === 'changed' && event.collection === 'tickets' && commits.push(performance.now())),
    () => undefined,
  );
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    const ticket = await kiosk.issue(i % 2 ? 'svc-a' : 'B-svc');
    await firstValueFrom(counter.db.tickets.findOne(ticket.id).$.pipe(filter((d) => d !== null)));
    const seen = performance.now();
    latencies.push(seen - started);
    const push = requests.since(started, kiosk.enrolment.credential, 'push');
    const committed = commits.find((t) => t >= (push?.start ?? started));
    const streamed = requests.streamed(committed ?? started, counter.enrolment.credential, ticket.id);
    // The last pull the counter started before it held the ticket, if it pulled at all.
    let pull = requests.since(committed ?? started, counter.enrolment.credential, 'pull');
    if (pull && pull.start > seen) pull = undefined;
    for (
      let next = pull;
      next && next.start <= seen;
      next = requests.since(next.start + 1e-6, counter.enrolment.credential, 'pull')
    )
      pull = next;
    timelines.push({
      written: started,
      pushStart: push?.start,
      committed,
      streamed,
      pullStart: pull?.start,
      pullEnd: pull?.end,
      seen,
    });
  }
  unlisten();
  requests.restore();
  const busy = hubDb.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  out(
    `measured: kiosk → counter through the hub (uplink cut), ${N} tickets: p50 ${quantile(sorted, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms ` +
      `(target p95 ≤ 50 ms; load ${loadavg()[0]!.toFixed(2)})`,
  );
  out('where the time goes, per ticket:');
  for (const line of phaseTable(timelines)) out(line);
  out(
    `  hub database per ticket: ${(busy.statements / N).toFixed(1)} statements and transactions, ` +
      `${(busy.ms / N).toFixed(1)} ms of them (overlapping waits included)`,
  );

  for (let i = 0; i < OFFLINE; i++) await kiosk.issue(i % 2 ? 'svc-a' : 'B-svc');
  await kiosk.sync!.awaitInSync();
  const total = N + OFFLINE;
  const waiting = (await hub.uplink.state()).waiting;
  const healed = performance.now();
  proxy.heal();
  await hub.uplink.settled();
  let stored = await districtTickets(district, 's1');
  while (stored.length < total) {
    await new Promise((r) => setTimeout(r, 20));
    stored = await districtTickets(district, 's1');
  }
  const ids = new Set(stored.map((t) => t.id));
  out(
    `measured: catch-up: ${waiting} writes waiting at the hub, uplink back → district has all ${total} tickets in ` +
      `${((performance.now() - healed) / 1000).toFixed(2)} s (distinct ${ids.size}, stored ${stored.length})`,
  );
} finally {
  await kiosk.close();
  await counter.close();
  await hub.close();
  await proxy.close();
  district.server.app.server.closeAllConnections();
  await district.close();
}
