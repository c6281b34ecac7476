/**
 * The station hub on a device, as a technician turns it on: through the technician
 * channels of real device services (temporary data folders) against a real district
 * on loopback. The hub device redeems the district's hub code and runs the hub; another
 * device of the station keeps the hub's address only once the hub proved itself, and a
 * stranger is refused with nothing changed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyHub } from '#client/hub-proof.ts';
import { dispatch } from '#ipc/validate.ts';
import { silentLogger } from '#server/logger.ts';
import { HUB_CREDENTIAL_FILE_NAME } from '#services/credential-store.ts';
import { createDeviceServices, type DeviceServices } from '#services/device-services.ts';
import { createStationHub } from '#services/station-hub.ts';
import { pgliteTemplate } from '#tests/server/helpers/drivers.ts';
import { startLiveDistrict, type LiveDistrict } from '#tests/server/helpers/live-district.ts';

const PIN = '470913';
let district: LiveDistrict | undefined;
const opened: DeviceServices[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of opened.splice(0)) await s.stationHub?.stop();
  district?.server.app.server.closeAllConnections();
  await district?.close();
  district = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A device's services in a fresh folder, enrolled with the district in `role`, technician signed in. */
async function enrolledDevice(stationId: string, role: 'kiosk' | 'counter', issuingSlot: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-hub-device-'));
  dirs.push(dataDir);
  const template = await pgliteTemplate();
  const services = createDeviceServices({
    dataDir,
    demoCatalogPath: '/nonexistent.json',
    appInfo: { version: '1.0.0', runtime: 'browser' },
    stderr: { write: () => true },
    demoMode: false,
    stationHub: (deps) =>
      createStationHub({
        ...deps,
        port: 0,
        host: '127.0.0.1',
        hubOptions: { pgliteTemplate: template, logger: silentLogger() },
      }),
  });
  opened.push(services);
  const call = async (channel: string, request: unknown = null) => dispatch(services.handlers, channel, request);
  expect((await call('technician:setPin', { pin: PIN })).ok).toBe(true);
  const { code } = await district!.admin<{ code: string }>('POST', `/stations/${stationId}/enrolment-codes`, {
    role,
    issuingSlot,
    issuingSlots: 2,
  });
  expect(await call('setup:enrol', { districtUrl: district!.url, code })).toMatchObject({ ok: true });
  const credential = (await services.credentialStore.get())!;
  return { services, call, dataDir, credential };
}

const hubCode = async (stationId: string) =>
  (await district!.admin<{ code: string }>('POST', `/stations/${stationId}/enrolment-codes`, { hub: true })).code;

describe('the station hub on a device', () => {
  it(
    'a technician makes the counter the hub; the kiosk keeps its address only once it proves itself',
    { timeout: 150_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      await district.createStation('s2', ['svc-c', 'B-svc2']);
      const counter = await enrolledDevice('s1', 'counter', 1);
      const kiosk = await enrolledDevice('s1', 'kiosk', 0);

      const on = await counter.call('hub:turnOn', { code: await hubCode('s1') });
      expect(on).toMatchObject({ ok: true });
      const { hubUrl, hubDeviceId } = (on as { value: { hubUrl: string; hubDeviceId: string } }).value;
      // The counter's own screens sync through its hub; it keeps its counter identity.
      expect(await counter.services.configStore.get()).toMatchObject({ isHub: true, hubUrl, role: 'counter' });
      // The hub credential sits beside the device's own, readable by the app's user only.
      const saved = JSON.parse(await readFile(join(counter.dataDir, HUB_CREDENTIAL_FILE_NAME), 'utf8')) as {
        deviceId: string;
      };
      expect(saved.deviceId).toBe(hubDeviceId);

      // The hub is the station's: it proves itself to the kiosk once it has the district's device list.
      await expect
        .poll(
          () =>
            verifyHub({
              hubUrl,
              deviceId: kiosk.credential.deviceId,
              stationId: 's1',
              credential: kiosk.credential.credential,
            }),
          { timeout: 20_000 },
        )
        .not.toBeNull();
      expect(await kiosk.call('hub:setAddress', { hubUrl: hubUrl.replace('http://', '') })).toEqual({
        ok: true,
        value: { hubDeviceId },
      });
      expect((await kiosk.services.configStore.get()).hubUrl).toBe(hubUrl);

      // A stranger: the district itself answers HTTP but is no hub, and another station's hub proves nothing here.
      const other = await enrolledDevice('s2', 'counter', 1);
      const otherHub = await other.call('hub:turnOn', { code: await hubCode('s2') });
      expect(otherHub.ok).toBe(true);
      for (const stranger of [district.url, (otherHub as { value: { hubUrl: string } }).value.hubUrl]) {
        expect(await kiosk.call('hub:setAddress', { hubUrl: stranger })).toMatchObject({
          ok: false,
          error: {
            code: 'hub_not_verified',
            message: expect.stringContaining('did not prove it is the hub of station'),
          },
        });
        expect((await kiosk.services.configStore.get()).hubUrl).toBe(hubUrl);
      }

      // The hub device cannot point itself at another hub; turned off, it syncs with the district again.
      expect(await counter.call('hub:setAddress', { hubUrl: 'http://192.168.1.20' })).toMatchObject({ ok: false });
      expect(await counter.call('hub:turnOff')).toEqual({ ok: true, value: null });
      expect(await counter.services.configStore.get()).toMatchObject({ isHub: false, hubUrl: null });
      expect(
        await verifyHub({
          hubUrl,
          deviceId: kiosk.credential.deviceId,
          stationId: 's1',
          credential: kiosk.credential.credential,
          timeoutMs: 1000,
        }),
      ).toBeNull();
    },
  );

  it(
    'restarts the hub with the device, and refuses a hub code used twice with the district’s words',
    { timeout: 150_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      const counter = await enrolledDevice('s1', 'counter', 1);
      const code = await hubCode('s1');
      expect((await counter.call('hub:turnOn', { code })).ok).toBe(true);
      await counter.services.stationHub!.stop();
      expect(counter.services.stationHub!.running()).toBeNull();

      // What a host does at launch: the hub comes back on its own PGlite, with what it had.
      const again = await counter.services.stationHub!.start();
      expect(again?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      expect(await counter.call('hub:turnOn', { code })).toMatchObject({
        ok: false,
        error: { code: 'enrolment_code_used' },
      });
      // The refused code changed nothing: the hub still runs and the device is still the hub.
      expect(counter.services.stationHub!.running()).not.toBeNull();
      expect((await counter.services.configStore.get()).isHub).toBe(true);
    },
  );

  it('needs the device enrolled, and says so', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-hub-device-'));
    dirs.push(dataDir);
    const services = createDeviceServices({
      dataDir,
      demoCatalogPath: '/nonexistent.json',
      appInfo: { version: '1.0.0', runtime: 'browser' },
      stderr: { write: () => true },
      demoMode: false,
      stationHub: (deps) => createStationHub({ ...deps, port: 0, host: '127.0.0.1' }),
    });
    const call = async (channel: string, request: unknown = null) => dispatch(services.handlers, channel, request);
    expect(await call('hub:turnOn', { code: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'technician_pin_required' },
    });
    await call('technician:setPin', { pin: PIN });
    expect(await call('hub:turnOn', { code: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'hub_needs_enrolment' },
    });
    expect(await call('hub:setAddress', { hubUrl: '192.168.1.20' })).toMatchObject({
      ok: false,
      error: { code: 'hub_needs_enrolment' },
    });
  });
});
