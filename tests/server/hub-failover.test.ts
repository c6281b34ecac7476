/**
 * Devices prefer their station's hub, fall back to the district when the hub is
 * gone, work alone when both are, and converge when they return — real hub and
 * district processes' code on loopback, real replication clients.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RxCollection } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { startStationSync, type StationSync, type StationSyncStatus } from '#client/station-endpoint.ts';
import { verifyHub } from '#client/hub-proof.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import type { StationHub } from '#server/hub/hub-server.ts';
import { districtTickets, enrolHub, startLiveHub } from './helpers/live-hub.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { holdsCatalogFor, openKioskAndCounter, type TestDevice } from './helpers/test-device.ts';

let district: LiveDistrict | undefined;
let hub: StationHub | undefined;
const syncs: StationSync[] = [];
const devices: TestDevice[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of syncs.splice(0)) await s.stop();
  for (const d of devices.splice(0)) await d.close();
  await hub?.close();
  district?.server.app.server.closeAllConnections();
  await district?.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  hub = district = undefined;
});

function stationSync(device: TestDevice, hubUrl: string, districtUrl: string) {
  let last: StationSyncStatus | undefined;
  const sync = startStationSync({
    collections: device.db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
    districtUrl,
    hubUrl,
    credential: device.enrolment.credential,
    deviceId: device.enrolment.deviceId,
    stationId: device.enrolment.stationId,
    outbox: device.outbox,
    probeEveryMs: 300,
    failoverAfterMs: 1000,
  });
  sync.status$.subscribe((s) => (last = s));
  syncs.push(sync);
  return { sync, status: () => last };
}

const has = async (device: TestDevice, id: string) => (await device.db.tickets.findOne(id).exec()) !== null;
const statusOf = async (device: TestDevice, id: string) => (await device.db.tickets.findOne(id).exec())?.status;

describe('devices and the station hub', () => {
  it('refuses a stranger: an address that is not the station hub is never used', { timeout: 60_000 }, async () => {
    district = await startLiveDistrict();
    await district.createStation('s1');
    await district.createStation('s2', ['svc-c', 'B-svc2']);
    const kiosk = await district.enrol('s1');
    hub = await startLiveHub(await enrolHub(district, 's2'), district.url);
    await hub.uplink.settled();
    // Another station's hub: it does not know this device.
    expect(await verifyHub({ hubUrl: hub.url, ...kiosk })).toBeNull();
    // The district itself is not a hub either.
    expect(await verifyHub({ hubUrl: district.url, ...kiosk })).toBeNull();
    // A device of s2 gets a proof that checks out.
    const other = await district.enrol('s2');
    await expect.poll(() => verifyHub({ hubUrl: hub!.url, ...other }), { timeout: 10_000 }).not.toBeNull();
    // Claiming s2's device with a guessed credential proves nothing.
    expect(await verifyHub({ hubUrl: hub.url, ...other, credential: `${other.credential}x` })).toBeNull();
  });

  it(
    'hub killed → devices sync through the district; both down → alone; both back → every device converges',
    { timeout: 180_000 },
    async () => {
      const districtDir = await mkdtemp(join(tmpdir(), 'hub-failover-d-'));
      const hubDir = await mkdtemp(join(tmpdir(), 'hub-failover-h-'));
      dirs.push(districtDir, hubDir);
      district = await startLiveDistrict({ dataDir: districtDir });
      await district.createStation('s1');
      const { kiosk, counter } = await openKioskAndCounter(district);
      devices.push(kiosk, counter);
      const hubEnrolment = await enrolHub(district, 's1');
      hub = await startLiveHub(hubEnrolment, district.url, { dataDir: hubDir });
      const hubPort = hub.port;
      await hub.uplink.settled();
      const k = stationSync(kiosk, hub.url, district.url);
      const c = stationSync(counter, hub.url, district.url);
      await expect.poll(() => k.status()?.link, { timeout: 30_000 }).toBe('all-connected');
      await expect.poll(() => c.status()?.via, { timeout: 30_000 }).toBe('hub');
      // The station and the service are separate collections: wait for both.
      await expect.poll(() => holdsCatalogFor(kiosk.db, 's1', 'svc-a'), { timeout: 30_000 }).toBe(true);

      // The hub is killed: the devices keep syncing, through the district.
      await hub.close();
      hub = undefined;
      const first = await kiosk.issue('svc-a');
      await expect.poll(() => has(counter, first.id), { timeout: 30_000 }).toBe(true);
      expect(k.status()?.via).toBe('district');
      await expect.poll(() => c.status()?.link, { timeout: 30_000 }).toBe('all-connected');

      // Both down: each device works alone.
      district.server.app.server.closeAllConnections();
      await district.close();
      await expect.poll(() => k.status()?.link, { timeout: 30_000 }).toBe('alone');
      const second = await kiosk.issue('svc-a');
      await counter.act(first.id, 'call', { at: Date.now(), by: 'staff-1', counter: 'c1' });
      expect(await has(counter, second.id)).toBe(false);

      // Both back: every device converges (through the hub again), and so does the district.
      district = await startLiveDistrict(district.storage);
      hub = await startLiveHub(hubEnrolment, district.url, { dataDir: hubDir, port: hubPort });
      await expect.poll(() => has(counter, second.id), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => statusOf(kiosk, first.id), { timeout: 60_000 }).toBe('called');
      await expect.poll(() => k.status()?.via, { timeout: 30_000 }).toBe('hub');
      await hub.uplink.settled();
      await expect
        .poll(async () => (await districtTickets(district!, 's1')).map((t) => `${t.id}:${String(t.status)}`).sort(), {
          timeout: 60_000,
        })
        .toEqual([`${first.id}:called`, `${second.id}:waiting`].sort());
      await expect.poll(() => k.status()?.waitingForDistrict, { timeout: 30_000 }).toBe(0);
      await expect.poll(() => c.status()?.waitingForDistrict, { timeout: 30_000 }).toBe(0);
    },
  );
});
