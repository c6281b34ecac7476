/**
 * A device whose clock was set back by hours still uploads what it writes. RxDB
 * orders a device's own writes by the device clock and, after a restart, uploads
 * only writes after its stored position; writes made with the clock behind that
 * position used to stay "waiting to upload" for ever. Real device processes
 * (RxDB keeps its write clock monotonic only within one process), the real
 * client and district.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDoc } from '#protocol/schemas.ts';
import { startDeviceChild, type DeviceChild } from './helpers/device-child.ts';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';

const HOURS = 3_600_000;
/** Nothing listens here: the device is offline. */
const UNREACHABLE = 'http://127.0.0.1:9';

async function districtTicketIds(district: LiveDistrict, credential: string): Promise<string[]> {
  const res = await fetch(`${district.url}/api/v1/replication/tickets/pull?limit=1000`, {
    headers: { authorization: `Bearer ${credential}`, 'x-doorstep-protocol': '1' },
  });
  return ((await res.json()) as { documents: TicketDoc[] }).documents.map((t) => t.id);
}

describe('a device clock set back', () => {
  let district: LiveDistrict | undefined;
  let device: DeviceChild | undefined;
  let dir: string | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await device?.stop('SIGKILL');
    await proxy?.close();
    await district?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A district and one kiosk that issued a ticket with a right clock and uploaded it, then stopped. */
  async function uploadedWithRightClock() {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const enrolment = await district.enrol('s1', { issuingSlot: 0, issuingSlots: 1 });
    dir = mkdtempSync(join(tmpdir(), 'doorstep-clock-'));
    device = await startDeviceChild({ dir, enrolment });
    await device.call('sync', { url: district.url });
    await device.call('awaitInSync');
    const first = await device.call<TicketDoc>('issue', { serviceId: 'B-svc' });
    await device.call('awaitInSync');
    await expect.poll(async () => (await device!.state()).waiting, { timeout: 20_000 }).toBe(0);
    await device.stop();
    return { district, enrolment, dir, first };
  }

  it('uploads tickets written offline after the clock went back and a restart', { timeout: 180_000 }, async () => {
    // In sync with a right clock.
    const { district, enrolment, dir, first } = await uploadedWithRightClock();

    // The clock goes back by hours (it comes up three hours behind); offline, two tickets.
    device = await startDeviceChild({ dir, enrolment, clockOffsetMs: -3 * HOURS });
    await device.call('sync', { url: UNREACHABLE });
    const offline = [
      await device.call<TicketDoc>('issue', { serviceId: 'B-svc' }),
      await device.call<TicketDoc>('issue', { serviceId: 'B-svc' }),
    ];
    expect((await device.state()).waiting).toBe(2);

    // Restart, network back.
    await device.stop();
    device = await startDeviceChild({ dir, enrolment, clockOffsetMs: -3 * HOURS });
    await device.call('sync', { url: district.url });
    await device.call('awaitInSync');
    await expect.poll(async () => (await device!.state()).waiting, { timeout: 30_000 }).toBe(0);
    expect((await districtTicketIds(district, enrolment.credential)).sort()).toEqual(
      [first.id, ...offline.map((t) => t.id)].sort(),
    );
  });

  it(
    'uploads a ticket written while the live stream reconnects, with the clock behind its last upload',
    { timeout: 180_000 },
    async () => {
      // The race of the fault run: after a restart with the clock set back, RxDB's first
      // upload scan ends at the newest write time it holds (before the clock went back).
      // A stream reconnect (RESYNC) then rescans only after that position, and RxDB drops
      // the writes it had queued for the RESYNC; a ticket written meanwhile, whose time is
      // below that position, was never uploaded.
      const { district, enrolment, dir, first } = await uploadedWithRightClock();

      // Three hours behind, offline: one ticket waits to upload.
      device = await startDeviceChild({ dir, enrolment, clockOffsetMs: -3 * HOURS });
      await device.call('sync', { url: UNREACHABLE });
      const offline = await device.call<TicketDoc>('issue', { serviceId: 'B-svc' });
      await device.stop();

      // Back online through a proxy that holds the first upload while a ticket is
      // written and the live stream is cut (the device reconnects: RESYNC).
      proxy = await startFaultProxy(district.url);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding = true;
      proxy.setFaults((request) =>
        request.kind === 'push' && holding ? ((holding = false), { type: 'hold', until: held }) : { type: 'pass' },
      );
      device = await startDeviceChild({ dir, enrolment, clockOffsetMs: -3 * HOURS });
      await device.call('sync', { url: proxy.url });
      await expect.poll(() => proxy!.counts.push, { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => proxy!.counts.streamsOpened, { timeout: 20_000 }).toBeGreaterThan(0);
      const during = await device.call<TicketDoc>('issue', { serviceId: 'B-svc' });
      const opened = proxy.counts.streamsOpened;
      proxy.cutStreams();
      await expect.poll(() => proxy!.counts.streamsOpened, { timeout: 20_000 }).toBeGreaterThan(opened);
      release();

      await expect
        .poll(async () => (await districtTicketIds(district!, enrolment.credential)).sort(), { timeout: 30_000 })
        .toEqual([first.id, offline.id, during.id].sort());
      await expect.poll(async () => (await device!.state()).waiting, { timeout: 20_000 }).toBe(0);
    },
  );
});
