/**
 * The hub checks credentials offline from the device list the district gave it:
 * a device enrolled while the uplink was up is served while it is down; a device
 * the district revokes is refused by the hub once the hub has heard of it; and an
 * identity the district never gave the hub is not served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { replicationPath } from '#protocol/wire-messages.ts';
import { HUB_DEVICES_PATH } from '#protocol/hub.ts';
import type { StationHub } from '#server/hub/hub-server.ts';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { enrolHub, startLiveHub } from './helpers/live-hub.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { holdsCatalogFor, openTestDevice, type TestDevice } from './helpers/test-device.ts';

let district: LiveDistrict | undefined;
let proxy: FaultProxy | undefined;
let hub: StationHub | undefined;
const devices: TestDevice[] = [];

afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  await hub?.close();
  await proxy?.close();
  district?.server.app.server.closeAllConnections();
  await district?.close();
  hub = proxy = district = undefined;
});

const pullStatus = async (url: string, credential: string) => {
  const res = await fetch(`${url}${replicationPath('tickets', 'pull')}`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code ?? 'ok' };
};

const hubKnows = async (hub: StationHub, deviceId: string) =>
  (await hub.repo.db.query('SELECT 1 FROM devices WHERE id = $1', [deviceId])).length === 1;

describe('credentials at the hub', () => {
  it(
    'serves a device enrolled while the uplink was up after it is cut, and refuses it once revoked',
    { timeout: 90_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      proxy = await startFaultProxy(district.url);
      hub = await startLiveHub(await enrolHub(district, 's1'), proxy.url);
      const kiosk = await openTestDevice(await district.enrol('s1', { issuingSlot: 0, issuingSlots: 1 }), 'kiosk');
      devices.push(kiosk);
      await expect.poll(() => hubKnows(hub!, kiosk.enrolment.deviceId), { timeout: 20_000 }).toBe(true);
      await hub.uplink.settled();

      proxy.partition();
      kiosk.startSync(hub.url);
      // The station and the service are separate collections: wait for both (CI once issued between them).
      await expect.poll(() => holdsCatalogFor(kiosk.db, 's1', 'svc-a'), { timeout: 20_000 }).toBe(true);
      const ticket = await kiosk.issue('svc-a');
      await expect
        .poll(async () => (await hub!.repo.db.query('SELECT 1 FROM tickets WHERE id = $1', [ticket.id])).length, {
          timeout: 20_000,
        })
        .toBe(1);

      // A device enrolled while the uplink is down is not known to the hub yet: refused, not trusted blindly.
      const late = await district.enrol('s1', { role: 'display' });
      expect(await pullStatus(hub.url, late.credential)).toEqual({ status: 401, code: 'credential_unknown' });

      // Revoked while the hub cannot hear it: still served (the hub cannot know) …
      await district.revoke(kiosk.enrolment.deviceId);
      expect((await pullStatus(hub.url, kiosk.enrolment.credential)).status).toBe(200);
      // … and refused as soon as the uplink brings the news.
      proxy.heal();
      await expect
        .poll(() => pullStatus(hub!.url, kiosk.enrolment.credential), { timeout: 20_000 })
        .toEqual({ status: 401, code: 'credential_revoked' });
      await expect
        .poll(() => pullStatus(hub!.url, late.credential), { timeout: 20_000 })
        .toEqual({ status: 200, code: 'ok' });
    },
  );

  it('gives the station device list only to the station hub', { timeout: 60_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    const counter = await district.enrol('s1', { role: 'counter', issuingSlot: 0, issuingSlots: 1 });
    const res = await fetch(`${district.url}${HUB_DEVICES_PATH}`, {
      headers: { authorization: `Bearer ${counter.credential}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_station_hub');
    // One live hub per station.
    await enrolHub(district, 's1');
    await expect(enrolHub(district, 's1')).rejects.toThrow(/station_hub_exists/);
  });
});
