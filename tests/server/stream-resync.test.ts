/**
 * The live stream reconnects while one of the device's own pushes is slow: the
 * device must still pull what was committed while its stream was closed. (RxDB
 * holds stream items during a push and, when a RESYNC lands behind a held event,
 * drops it; later events then carry the checkpoint past the missed rows.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openKioskAndCounter, type TestDevice } from './helpers/test-device.ts';

describe('stream reconnect during a slow push', () => {
  let district: LiveDistrict | undefined;
  let proxy: FaultProxy | undefined;
  const devices: TestDevice[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await proxy?.close();
    await district?.close();
  });

  it('misses no row committed while the stream was closed', { timeout: 120_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    proxy = await startFaultProxy(district.url);
    const { kiosk, counter } = await openKioskAndCounter(district);
    devices.push(kiosk, counter);
    kiosk.startSync(proxy.url);
    counter.startSync(district.url);
    await kiosk.sync!.awaitInSync();
    await counter.sync!.awaitInSync();
    await expect.poll(() => proxy!.counts.streamsOpened, { timeout: 20_000 }).toBeGreaterThan(0);

    // The kiosk's next ticket push hangs on a slow link until released.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let blockStreams = false;
    proxy.setFaults((req) => {
      if (req.kind === 'push' && req.url.includes('/tickets/')) return { type: 'hold', until: released };
      if (req.kind === 'stream' && blockStreams) return { type: 'reset' };
      return { type: 'pass' };
    });
    const pushesBefore = proxy.counts.push;
    await kiosk.issue('svc-a');
    await expect.poll(() => proxy!.counts.push, { timeout: 20_000 }).toBeGreaterThan(pushesBefore);

    // During the push: the counter's ticket T1 arrives on the kiosk's stream (held by RxDB).
    const chunks = () => proxy!.counts.streamChunks;
    let seen = chunks();
    const t1 = await counter.issue('B-svc');
    await counter.sync!.awaitInSync();
    await expect.poll(chunks, { timeout: 20_000 }).toBeGreaterThan(seen);

    // The stream drops; T2 is committed while it is closed.
    blockStreams = true;
    const opened = proxy.counts.streamsOpened;
    proxy.cutStreams();
    const t2 = await counter.issue('B-svc');
    await counter.sync!.awaitInSync();
    blockStreams = false;
    await expect.poll(() => proxy!.counts.streamsOpened, { timeout: 60_000 }).toBeGreaterThan(opened);

    // The stream is back (its RESYNC is held too); T3 arrives on it.
    seen = chunks();
    const t3 = await counter.issue('B-svc');
    await counter.sync!.awaitInSync();
    await expect.poll(chunks, { timeout: 20_000 }).toBeGreaterThan(seen);

    release();
    await expect
      .poll(async () => (await kiosk.db.tickets.findOne(t3.id).exec()) !== null, { timeout: 30_000 })
      .toBe(true);
    await kiosk.sync!.awaitInSync();
    const held = new Set((await kiosk.tickets()).map((t) => t.number));
    expect([t1.number, t2.number, t3.number].filter((n) => !held.has(n))).toEqual([]);
  });
});
