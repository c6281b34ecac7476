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
  afterEach(async () => {
    await device?.stop('SIGKILL');
    await district?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads tickets written offline after the clock went back and a restart', { timeout: 180_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const enrolment = await district.enrol('s1', { issuingSlot: 0, issuingSlots: 1 });
    dir = mkdtempSync(join(tmpdir(), 'doorstep-clock-'));

    // In sync with a right clock.
    device = await startDeviceChild({ dir, enrolment });
    await device.call('sync', { url: district.url });
    await device.call('awaitInSync');
    const first = await device.call<TicketDoc>('issue', { serviceId: 'B-svc' });
    await device.call('awaitInSync');
    await expect.poll(async () => (await device!.state()).waiting, { timeout: 20_000 }).toBe(0);
    await device.stop();

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
});
