/**
 * A ticket number is never issued twice at one station on one day, also when a
 * ticket moved to another queue or the device that issued it was replaced: the
 * real client, renderer/db's issueTicket and the real district (PGlite).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDoc } from '#protocol/schemas.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openKioskAndCounter, openTestDevice, type TestDevice } from './helpers/test-device.ts';

async function stationNumbers(district: LiveDistrict, device: TestDevice): Promise<string[]> {
  const res = await fetch(`${district.url}/api/v1/replication/tickets/pull?limit=1000`, {
    headers: { authorization: `Bearer ${device.enrolment.credential}`, 'x-doorstep-protocol': '1' },
  });
  const body = (await res.json()) as { documents: TicketDoc[] };
  return body.documents.map((t) => t.number).sort();
}

describe('ticket numbers across transfers and replaced devices', () => {
  let district: LiveDistrict | undefined;
  const devices: TestDevice[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await district?.close();
  });

  it('does not issue a transferred ticket’s number again', { timeout: 90_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const { kiosk, counter } = await openKioskAndCounter(district);
    devices.push(kiosk, counter);
    kiosk.startSync(district.url);
    counter.startSync(district.url);
    await kiosk.sync!.awaitInSync();

    expect((await kiosk.issue('B-svc')).number).toBe('B001');
    const second = await kiosk.issue('B-svc');
    expect(second.number).toBe('B002');
    await expect.poll(async () => (await counter.db.tickets.findOne(second.id).exec()) !== null).toBe(true);
    // Staff move B002 to queue A: it keeps its number.
    await counter.act(second.id, 'transfer', { at: Date.now(), by: 'staff-1', queue: 'A', serviceId: 'svc-a' });
    await expect.poll(async () => (await kiosk.db.tickets.findOne(second.id).exec())?.queue).toBe('A');

    const third = await kiosk.issue('B-svc');
    expect(third.number).toBe('B003');
    await kiosk.sync!.awaitInSync();
    const numbers = await stationNumbers(district, kiosk);
    expect(numbers).toEqual(['B001', 'B002', 'B003']);
  });

  it('a replacement device in the same slot continues the day’s numbers', { timeout: 90_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const broken = await openTestDevice(await district.enrol('s1', { issuingSlot: 0, issuingSlots: 1 }), 'broken');
    devices.push(broken);
    broken.startSync(district.url);
    await broken.sync!.awaitInSync();
    await broken.issue('B-svc');
    await broken.issue('B-svc');
    await broken.issue('svc-a');
    await broken.sync!.awaitInSync();
    expect(broken.outbox.size).toBe(0);
    await broken.stopSync();

    // The broken kiosk is swapped the same day: revoked, its slot enrolled again.
    await district.revoke(broken.enrolment.deviceId);
    const spare = await openTestDevice(await district.enrol('s1', { issuingSlot: 0, issuingSlots: 1 }), 'spare');
    devices.push(spare);
    spare.startSync(district.url);
    await spare.sync!.awaitInSync();
    expect((await spare.issue('B-svc')).number).toBe('B003');
    expect((await spare.issue('svc-a')).number).toBe('A002');
    await spare.sync!.awaitInSync();
    expect(await stationNumbers(district, spare)).toEqual(['A001', 'A002', 'B001', 'B002', 'B003']);
  });
});
