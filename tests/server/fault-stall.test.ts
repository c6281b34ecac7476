/**
 * Half-killed connections: the link stays "open" but nothing more arrives (a
 * dropped NAT entry, an access point that died, a proxy that lost the far side).
 * No error ever reaches the device, so only the device's own deadlines can tell
 * it to give up and try again. RxDB's replication loop waits on each request it
 * makes, and a device learns of new rows only from its live stream: one request
 * or one stream that hangs stops the device pulling (or uploading) for good. Each
 * case scripts one such connection through the fault proxy and requires the
 * device to be in step again within a bound (well under the 300 s after which
 * Node's own fetch would give up on a silent connection; Chromium never does).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MULTIPLEX_STREAM_PATH, STREAM_HEARTBEAT_HEADER } from '#protocol/wire-messages.ts';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from './helpers/fault-proxy.ts';
import { openStream, type SseClient } from './helpers/sse.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openKioskAndCounter, type TestDevice } from './helpers/test-device.ts';

/** How long a device may take to be in step again after a connection went silent. */
const RECOVERY_MS = 75_000;
/**
 * The kiosk gives up on a silent answer after 5 s instead of the field's 20 s
 * (deadlines.ts, whose values have their own unit test): what each case proves is
 * that the deadline fires and the retry brings the device back in step.
 */
const TEST_DEADLINES = { startMs: 5_000, silenceMs: 5_000 };
/** The first bytes the district's stream sends (`: connected`), then silence. */
const STREAM_OPENING = ': connected\n\n'.length;

describe('a connection that goes silent without closing', () => {
  let district: LiveDistrict;
  let proxy: FaultProxy;
  /** Syncs through the proxy. */
  let kiosk: TestDevice;
  /** Syncs straight to the district: the station's other device, writing what the kiosk must see. */
  let counter: TestDevice;

  beforeEach(async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    proxy = await startFaultProxy(district.url);
    ({ kiosk, counter } = await openKioskAndCounter(district));
    kiosk.startSync(proxy.url, { answerDeadlines: TEST_DEADLINES });
    counter.startSync(district.url);
    await kiosk.sync!.awaitInSync();
    await counter.sync!.awaitInSync();
    await expect.poll(() => proxy.counts.streamsOpened, { timeout: 20_000 }).toBeGreaterThan(0);
  }, 60_000);

  afterEach(async () => {
    await kiosk?.close();
    await counter?.close();
    await proxy?.close();
    await district?.close();
  });

  /** The next request that `matches` gets `fault`; every other request passes. Resolves when it was applied. */
  function faultOnce(matches: (r: ProxiedRequest) => boolean, fault: Fault): Promise<void> {
    let applied!: () => void;
    const done = new Promise<void>((r) => (applied = r));
    let used = false;
    proxy.setFaults((request) => {
      if (used || !matches(request)) return { type: 'pass' };
      used = true;
      applied();
      return fault;
    });
    return done;
  }
  const ticketsPull = (r: ProxiedRequest) => r.kind === 'pull' && r.url.includes('/tickets/');
  const ticketsPush = (r: ProxiedRequest) => r.kind === 'push' && r.url.includes('/tickets/');
  const stream = (r: ProxiedRequest) => r.kind === 'stream';

  const kioskHolds = async (id: string) => (await kiosk.db.tickets.findOne(id).exec()) !== null;

  /** The counter writes a ticket while the kiosk's pull is made to hang: the kiosk must still get it. */
  async function pullRecovers(fault: Fault) {
    const hung = faultOnce(ticketsPull, fault);
    // A stream event's documents need no pull; the kiosk pulls when its stream reopens
    // (and then the ticket's event, if it comes on the new stream, waits behind that pull).
    proxy.cutStreams();
    const ticket = await counter.issue('B-svc');
    await hung;
    await expect.poll(() => kioskHolds(ticket.id), { timeout: RECOVERY_MS }).toBe(true);
  }

  /** The kiosk's upload is made to hang: the ticket must still reach the district, and nothing stays waiting. */
  async function pushRecovers(fault: Fault) {
    const hung = faultOnce(ticketsPush, fault);
    const ticket = await kiosk.issue('svc-a');
    await hung;
    await expect
      .poll(async () => (await counter.db.tickets.findOne(ticket.id).exec()) !== null, { timeout: RECOVERY_MS })
      .toBe(true);
    await expect.poll(() => kiosk.outbox.size, { timeout: RECOVERY_MS }).toBe(0);
  }

  /** The kiosk's stream is reopened into `fault`; a ticket written afterwards must still reach the kiosk. */
  async function streamRecovers(fault: Fault) {
    const hung = faultOnce(stream, fault);
    proxy.cutStreams();
    await hung;
    // Let the kiosk finish what the reopening set off (its RESYNC pull, when the headers came).
    await kiosk.sync!.awaitInSync();
    const ticket = await counter.issue('B-svc');
    await counter.sync!.awaitInSync();
    await expect.poll(() => kioskHolds(ticket.id), { timeout: RECOVERY_MS }).toBe(true);
  }

  it('the district says how often its stream beats, in a header a device page may read', async () => {
    const opened = new AbortController();
    const res = await fetch(`${district.url}${MULTIPLEX_STREAM_PATH}`, {
      headers: { authorization: `Bearer ${kiosk.enrolment.credential}`, 'x-doorstep-protocol': '1' },
      signal: opened.signal,
    });
    opened.abort();
    // The test district beats every second (helpers/live-district.ts).
    expect(res.headers.get(STREAM_HEARTBEAT_HEADER)).toBe('1000');
    expect(res.headers.get('access-control-expose-headers')).toContain(STREAM_HEARTBEAT_HEADER);
  });

  it('a pull that is never answered', { timeout: 150_000 }, () => pullRecovers({ type: 'blackhole' }));

  it('a pull whose answer stops halfway', { timeout: 150_000 }, () => pullRecovers({ type: 'stall', afterBytes: 12 }));

  it('a push that is never answered', { timeout: 150_000 }, () => pushRecovers({ type: 'blackhole' }));

  it('a push the district committed whose answer never comes', { timeout: 150_000 }, () =>
    pushRecovers({ type: 'stall', afterBytes: 0 }),
  );

  it('a live stream that opens and then goes silent', { timeout: 150_000 }, () =>
    streamRecovers({ type: 'stall', afterBytes: STREAM_OPENING }),
  );

  it('a live stream whose answer never comes', { timeout: 150_000 }, () => streamRecovers({ type: 'blackhole' }));

  it(
    'a district that refuses the stream, every slot held by connections that died unnoticed',
    { timeout: 150_000 },
    async () => {
      const auth = { authorization: `Bearer ${kiosk.enrolment.credential}`, 'x-doorstep-protocol': '1' };
      const open = () => openStream(`${district.url}${MULTIPLEX_STREAM_PATH}`, auth);
      const held: SseClient[] = [];
      try {
        // The kiosk's stream is cut and kept from reopening while its slots are taken.
        proxy.setFaults((r) => (r.kind === 'stream' ? { type: 'reset' } : { type: 'pass' }));
        proxy.cutStreams();
        while (held.length < 4) {
          const s = await open();
          if (s.status === 200) held.push(s);
          else await new Promise((r) => setTimeout(r, 100));
        }
        const refused = await open();
        expect(refused.status).toBe(429);
        const triesBefore = proxy.counts.stream;
        proxy.setFaults(() => ({ type: 'pass' }));
        await expect.poll(() => proxy.counts.stream, { timeout: 30_000 }).toBeGreaterThan(triesBefore + 1);

        const ticket = await counter.issue('B-svc');
        await counter.sync!.awaitInSync();
        await expect.poll(() => kioskHolds(ticket.id), { timeout: RECOVERY_MS }).toBe(true);
      } finally {
        for (const s of held) s.close();
      }
    },
  );
});
