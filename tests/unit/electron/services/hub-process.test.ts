/**
 * The station hub in its own process, as Electron's main runs it, minus Electron:
 * the hub entry is bundled exactly as the build does it (scripts/build-electron.mjs,
 * PGlite's engine files beside it), forked with Node's `child_process.fork` in place
 * of `utilityProcess.fork`, and supervised by createHubProcess inside real device
 * services, against a real district on loopback. A kiosk (the real RxDB client)
 * syncs through the hub and its tickets reach the district through the hub's uplink.
 */
import { fork as nodeFork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replicationPath } from '#protocol/wire-messages.ts';
import { dispatch } from '#ipc/validate.ts';
import { createDeviceServices, type DeviceServices } from '#services/device-services.ts';
import { createHubProcess, type ForkHub } from '#services/hub-process.ts';
import { pgliteTemplate } from '#tests/server/helpers/drivers.ts';
import { districtTickets } from '#tests/server/helpers/live-hub.ts';
import { startLiveDistrict, type LiveDistrict } from '#tests/server/helpers/live-district.ts';
import { openTestDevice, type TestDevice } from '#tests/server/helpers/test-device.ts';
import { collectingSink } from '#tests/unit/electron/support/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PIN = '470913';

let buildDir: string;
let entryPath: string;
let templateFile: string;
let district: LiveDistrict | undefined;
const forked: ChildProcess[] = [];
const opened: DeviceServices[] = [];
const devices: TestDevice[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'doorstep-hub-build-'));
  // The build's own script, so the test runs what the package ships.
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--only=hub', `--outdir=${buildDir}`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  entryPath = join(buildDir, 'hub.cjs');
  // A fresh hub database starts from the migrated template (initdb costs seconds on a loaded machine).
  templateFile = join(buildDir, 'pglite-template.tar');
  await writeFile(templateFile, Buffer.from(await (await pgliteTemplate()).arrayBuffer()));
}, 180_000);

afterAll(async () => {
  await rm(buildDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  for (const s of opened.splice(0)) await s.stationHub?.stop();
  for (const child of forked.splice(0)) if (isRunning(child)) child.kill('SIGKILL');
  district?.server.app.server.closeAllConnections();
  await district?.close();
  district = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
/** Whether the operating system still has a process with this pid (not only whether Node saw it exit). */
const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Node's fork where Electron's main passes utilityProcess.fork; the test keeps each child to look at. */
const fork: ForkHub = (modulePath, args) => {
  const child = nodeFork(modulePath, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  forked.push(child);
  return child;
};

/** A port free right now, so a restarted hub comes back where its devices look for it (as 8788 does on a kiosk). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The counter PC's device services, enrolled with the district, technician signed in, its hub in a process. */
async function counterPc(port: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-hub-process-'));
  dirs.push(dataDir);
  const log = collectingSink();
  const services = createDeviceServices({
    dataDir,
    demoCatalogPath: '/nonexistent.json',
    appInfo: { version: '1.0.0', runtime: 'electron' },
    stderr: log,
    demoMode: false,
    stationHub: (deps) =>
      createHubProcess({
        ...deps,
        fork,
        entryPath,
        port,
        host: '127.0.0.1',
        restartDelaysMs: [300, 600],
        hubInit: {
          pgliteTemplateFile: templateFile,
          streamHeartbeatMs: 1000,
          uplink: { devicesEveryMs: 300, pullEveryMs: 1000 },
        },
      }),
  });
  opened.push(services);
  const call = async (channel: string, request: unknown = null) => dispatch(services.handlers, channel, request);
  expect((await call('technician:setPin', { pin: PIN })).ok).toBe(true);
  const { code } = await district!.admin<{ code: string }>('POST', '/stations/s1/enrolment-codes', {
    role: 'counter',
    issuingSlot: 1,
    issuingSlots: 2,
  });
  expect(await call('setup:enrol', { districtUrl: district!.url, code })).toMatchObject({ ok: true });
  return { services, call, log, hub: services.stationHub! };
}

const hubCode = async () =>
  (await district!.admin<{ code: string }>('POST', '/stations/s1/enrolment-codes', { hub: true })).code;

/** The station's kiosk, syncing through the hub once the hub has heard of it from the district. */
async function kioskThrough(hubUrl: string): Promise<TestDevice> {
  const kiosk = await openTestDevice(await district!.enrol('s1', { issuingSlot: 0, issuingSlots: 2 }), 'kiosk');
  devices.push(kiosk);
  const pull = () =>
    fetch(`${hubUrl}${replicationPath('tickets', 'pull')}`, {
      headers: { authorization: `Bearer ${kiosk.enrolment.credential}` },
    }).then((res) => res.status);
  await expect.poll(pull, { timeout: 30_000 }).toBe(200);
  kiosk.startSync(hubUrl);
  // The catalog and the station record come down from the district through the hub.
  await expect
    .poll(async () => (await kiosk.db.stations.findOne('s1').exec()) !== null, { timeout: 30_000 })
    .toBe(true);
  await expect
    .poll(async () => (await kiosk.db.services.findOne('svc-a').exec()) !== null, { timeout: 30_000 })
    .toBe(true);
  return kiosk;
}

const reachesDistrict = (ticketId: string) =>
  expect
    .poll(async () => (await districtTickets(district!, 's1')).some((t) => t.id === ticketId), { timeout: 60_000 })
    .toBe(true);

describe('the station hub in its own process', () => {
  it('is a plain Node process that obeys only well-formed messages from the app', { timeout: 60_000 }, async () => {
    // Forked from a folder with no node_modules above it: the bundle needs nothing but itself and its engine files.
    expect(await readFile(entryPath, 'utf8')).not.toMatch(/require\(["']electron["']\)/);
    const child = fork(entryPath, [], {}) as ChildProcess;
    const heard: unknown[] = [];
    child.on('message', (message) => heard.push(message));
    child.send({ type: 'call', id: 1, method: 'running' });
    await expect.poll(() => heard.length, { timeout: 30_000 }).toBe(1);
    expect(heard[0]).toMatchObject({ type: 'result', id: 1, ok: false, error: { kind: 'other' } });

    child.send({
      type: 'init',
      dataDir: buildDir,
      port: 0,
      host: '127.0.0.1',
      packaged: true,
      allowInsecureHttp: false,
    });
    child.send({ type: 'call', id: 2, method: 'rm -rf' });
    child.send({ type: 'init', dataDir: '/', port: 1, host: '0.0.0.0', packaged: false, allowInsecureHttp: true });
    child.send({ type: 'call', id: 3, method: 'running' });
    await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(4);
    expect(heard.slice(1)).toEqual([
      expect.objectContaining({ type: 'log', level: 'warn', message: expect.stringMatching(/refused a message/) }),
      expect.objectContaining({ type: 'log', level: 'warn', message: expect.stringMatching(/refused a second init/) }),
      { type: 'result', id: 3, ok: true, value: null },
    ]);
    // Its parent gone, it ends rather than serve on as an orphan.
    child.disconnect();
    await expect.poll(() => isRunning(child), { timeout: 10_000 }).toBe(false);
  });

  it(
    // Minutes, not seconds, on a loaded 2-core CI machine: a district, a hub process and an RxDB device.
    'turned on with a hub code, serves the station; refuses bad messages; turned off, leaves no process',
    { timeout: 300_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      const counter = await counterPc(await freePort());
      // Not the hub yet: no hub process runs at all.
      expect(await counter.hub.start()).toBeNull();
      expect(forked).toHaveLength(0);

      const code = await hubCode();
      const on = await counter.call('hub:turnOn', { code });
      expect(on).toMatchObject({ ok: true, value: { hubUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } });
      const { hubUrl } = (on as { value: { hubUrl: string } }).value;
      expect(forked).toHaveLength(1);
      const child = forked[0]!;
      // The config was written by main on the hub process's request.
      expect(await counter.services.configStore.get()).toMatchObject({ isHub: true, hubUrl, role: 'counter' });

      const kiosk = await kioskThrough(hubUrl);
      const ticket = await kiosk.issue('svc-a');
      await reachesDistrict(ticket.id);

      // What the hub process says is checked like any input: a LAN address for this device's
      // sync, a setting it has no business with, an answer to no call, and noise change nothing.
      const before = await counter.services.configStore.get();
      for (const bad of [
        { type: 'request', id: 900, op: 'config:update', patch: { hubUrl: 'http://192.168.1.66:8788' } },
        { type: 'request', id: 901, op: 'config:update', patch: { role: 'kiosk' } },
        { type: 'result', id: 902, ok: true, value: null },
        { type: 'log', level: 'fatal', message: 'x' },
        'hello',
      ]) {
        child.emit('message', bad);
      }
      expect(counter.log.text().match(/refused a message from the station hub process/g)).toHaveLength(5);
      expect(await counter.services.configStore.get()).toEqual(before);
      expect(counter.hub.running()).toMatchObject({ url: hubUrl });

      // A code used twice: the district's own words, mapped across the process boundary; the hub runs on.
      expect(await counter.call('hub:turnOn', { code })).toMatchObject({
        ok: false,
        error: { code: 'enrolment_code_used' },
      });
      expect(isRunning(child)).toBe(true);
      expect(counter.hub.running()).toMatchObject({ url: hubUrl });

      expect(await counter.call('hub:turnOff')).toEqual({ ok: true, value: null });
      expect(await counter.services.configStore.get()).toMatchObject({ isHub: false, hubUrl: null });
      expect(counter.hub.running()).toBeNull();
      expect(isRunning(child)).toBe(false);
      expect(pidAlive(child.pid!)).toBe(false);
      // And at the next launch nothing is started again.
      expect(await counter.hub.start()).toBeNull();
      expect(forked).toHaveLength(1);
    },
  );

  it(
    'comes back when its process is killed and serves the station again; stop leaves no process',
    { timeout: 300_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      const counter = await counterPc(await freePort());
      const on = await counter.call('hub:turnOn', { code: await hubCode() });
      const { hubUrl } = (on as { value: { hubUrl: string } }).value;
      const kiosk = await kioskThrough(hubUrl);
      await reachesDistrict((await kiosk.issue('svc-a')).id);

      // The hub dies the hard way (out of memory, a crash): no goodbye, no clean close of its PGlite.
      const first = forked[0]!;
      first.kill('SIGKILL');
      await expect.poll(() => forked.length, { timeout: 20_000 }).toBe(2);
      await expect.poll(() => counter.hub.running()?.url, { timeout: 60_000 }).toBe(hubUrl);
      expect(counter.log.text()).toMatch(/restarting the station hub in 300 ms/);
      expect(counter.log.text()).toMatch(/station hub restarted/);

      // The kiosk never changed anything: its sync finds the hub again at the same address.
      await reachesDistrict((await kiosk.issue('svc-a')).id);

      // What the app does on quit: the hub stops and its process ends.
      const second = forked[1]!;
      await counter.hub.stop();
      expect(counter.hub.running()).toBeNull();
      expect(isRunning(second)).toBe(false);
      expect(pidAlive(second.pid!)).toBe(false);
      // The app's next launch brings it back, on the database it kept.
      expect(await counter.hub.start()).toMatchObject({ url: hubUrl });
      expect(forked).toHaveLength(3);
    },
  );
});
