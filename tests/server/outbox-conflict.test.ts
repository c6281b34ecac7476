/**
 * "Waiting to upload" must return to 0 once the district holds what the device
 * holds — also when the device's push conflicted and the ticket merge kept the
 * district's version (nothing of the device's is left to send).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openKioskAndCounter, type TestDevice } from './helpers/test-device.ts';

describe('outbox after a conflict the district wins', () => {
  let district: LiveDistrict | undefined;
  const devices: TestDevice[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await district?.close();
  });

  it('counts nothing waiting once the merge kept the district’s ticket', { timeout: 90_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const { kiosk, counter } = await openKioskAndCounter(district);
    devices.push(kiosk, counter);
    kiosk.startSync(district.url);
    counter.startSync(district.url);
    await kiosk.sync!.awaitInSync();
    const ticket = await kiosk.issue('svc-a');
    await expect.poll(async () => (await counter.db.tickets.findOne(ticket.id).exec()) !== null).toBe(true);
    await kiosk.sync!.awaitInSync();
    expect(kiosk.outbox.size).toBe(0);

    // Both go offline. The counter calls and starts serving the ticket; the kiosk
    // (a second staff member at it) calls it too. The counter's version has more
    // steps, so the merge keeps it: the district's version wins.
    await kiosk.stopSync();
    await counter.stopSync();
    await counter.act(ticket.id, 'call', { at: Date.now(), by: 'staff-1', counter: 'c1' });
    await counter.act(ticket.id, 'start', { at: Date.now(), by: 'staff-1', counter: 'c1' });
    counter.startSync(district.url);
    await counter.sync!.awaitInSync();
    expect(counter.outbox.size).toBe(0);

    await kiosk.act(ticket.id, 'call', { at: Date.now(), by: 'staff-2', counter: 'c2' });
    expect(kiosk.outbox.size).toBe(1);
    kiosk.startSync(district.url);
    await expect
      .poll(async () => (await kiosk.db.tickets.findOne(ticket.id).exec())?.status, { timeout: 30_000 })
      .toBe('serving');
    await kiosk.sync!.awaitInSync();
    // The kiosk now holds exactly the district's ticket: nothing is waiting to upload.
    await expect.poll(() => kiosk.outbox.size, { timeout: 15_000 }).toBe(0);
  });
});
