/**
 * A station with its hub, every part in a process of its own: the district, the
 * hub (the district's code on its own PGlite), a kiosk, a counter and a display
 * (device processes with the real client syncing through startStationSync). The
 * station's whole WAN — the hub's uplink and the devices' own way to the district —
 * goes through a fault proxy the test controls, so "district unreachable" is a cut
 * link, not a stopped server. Then the hub is killed for real (SIGKILL), then both.
 * Runs on PGlite, and with the district on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { StationSyncStatus } from '#client/station-endpoint.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { startDeviceChild, type DeviceChild } from './helpers/device-child.ts';
import { describeEachDriver, TEST_DATABASE_URL } from './helpers/drivers.ts';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { dropSchema } from './helpers/live-district.ts';
import {
  restartServerChild,
  startDistrictChild,
  startHubChild,
  type DistrictChild,
  type HubChild,
} from './helpers/server-child.ts';

let district: DistrictChild | undefined;
let hub: HubChild | undefined;
let wan: FaultProxy | undefined;
const devices: DeviceChild[] = [];
const dirs: string[] = [];
let schema: string | undefined;

afterEach(async () => {
  for (const d of devices.splice(0)) await d.stop('SIGKILL');
  await hub?.stop('SIGKILL');
  await district?.stop('SIGKILL');
  await wan?.close();
  if (schema && TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, schema);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  hub = district = wan = schema = undefined;
});

const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `hub-station-${label}-`));
  dirs.push(dir);
  return dir;
};

const link = (device: DeviceChild) => device.call<StationSyncStatus | null>('link');
const seen = (device: DeviceChild, ticketId: string, status?: string) =>
  device.call<{ seenAt: number; ticket: TicketDoc }>('waitTicket', { ticketId, status });
const tickets = async (device: DeviceChild) => (await device.state()).tickets.map((t) => `${t.id}:${t.status}`).sort();
const staff = { by: 'staff-1', counter: 'c1' };
const began = Date.now();
const step = (what: string) => process.stdout.write(`hub-station +${Date.now() - began} ms: ${what}\n`);

describeEachDriver('a station with its hub, every part in its own process', (driver) => {
  it(
    'uplink cut → the station works as one; back → the district has it all once; hub killed → via the district; both down → converges',
    { timeout: 900_000 },
    async () => {
      const pg = driver.name === 'postgres' ? TEST_DATABASE_URL : undefined;
      district = await startDistrictChild(pg ? { databaseUrl: pg } : { dataDir: tempDir('district') });
      schema = (district.restartOptions as { schema?: string }).schema;
      await district.createStation('s1');
      const kioskEnrolment = await district.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 });
      const counterEnrolment = await district.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
      const displayEnrolment = await district.enrol('s1', { role: 'display' });
      const hubEnrolment = await district.enrolHub('s1');
      wan = await startFaultProxy(district.url);
      hub = await startHubChild({ enrolment: hubEnrolment, uplinkUrl: wan.url, dataDir: tempDir('hub') });
      await hub.settled();
      step('hub settled');

      const [kiosk, counter, display] = await Promise.all(
        [kioskEnrolment, counterEnrolment, displayEnrolment].map((enrolment) =>
          startDeviceChild({ dir: tempDir(enrolment.role), enrolment }),
        ),
      );
      devices.push(kiosk!, counter!, display!);
      for (const device of devices) {
        await device.call('stationSync', {
          districtUrl: wan.url,
          hubUrl: hub.url,
          probeEveryMs: 300,
          failoverAfterMs: 1000,
        });
      }
      for (const device of devices) {
        await expect.poll(async () => (await link(device))?.via, { timeout: 30_000 }).toBe('hub');
        await expect.poll(async () => (await link(device))?.link, { timeout: 30_000 }).toBe('all-connected');
        await device.call('awaitInSync');
      }

      step('devices in sync through the hub');
      // ── The uplink is cut: the district is unreachable for the whole station. ──
      wan.partition();
      for (const device of devices) {
        await expect.poll(async () => (await link(device))?.link, { timeout: 30_000 }).toBe('station-only');
      }
      step('station-only');
      const { ticket, writtenAt } = await kiosk!.call<{ ticket: TicketDoc; writtenAt: number }>('issueTimed', {
        serviceId: 'svc-a',
      });
      const onCounter = await seen(counter!, ticket.id);
      process.stdout.write(
        `measured: kiosk→counter ${onCounter.seenAt - writtenAt} ms (through the hub, uplink cut)\n`,
      );
      await seen(display!, ticket.id);
      // Staff call it: the display's replica sees the call.
      step('ticket on counter and display');
      await counter!.call('act', { ticketId: ticket.id, action: 'call', at: Date.now(), ...staff });
      const called = await seen(display!, ticket.id, 'called');
      expect(called.ticket.counter).toBe('c1');
      await counter!.call('act', { ticketId: ticket.id, action: 'start', at: Date.now(), ...staff });
      const served = await counter!.call<TicketDoc>('act', {
        ticketId: ticket.id,
        action: 'finish',
        at: Date.now(),
        ...staff,
      });
      const rated = await counter!.call<TicketDoc>('rate', { ticketId: ticket.id, level: 5 });
      expect(rated.rating?.level).toBe(5);
      // A second ticket, from the counter itself, still while the district is cut off.
      const walkUp = await counter!.call<TicketDoc>('issue', { serviceId: 'B-svc' });
      await seen(kiosk!, walkUp.id);
      await seen(kiosk!, ticket.id, 'done');
      expect((await district.tickets('s1')).length).toBe(0);
      await expect.poll(async () => (await link(kiosk!))?.waitingForDistrict, { timeout: 10_000 }).toBeGreaterThan(0);

      // ── The uplink is back: the district has every ticket exactly once, with its full history and origin. ──
      step('served, rated, walk-up seen');
      wan.heal();
      await expect
        .poll(async () => (await district!.tickets('s1')).map((t) => `${t.id}:${t.status}`).sort(), { timeout: 30_000 })
        .toEqual([`${ticket.id}:done`, `${walkUp.id}:waiting`].sort());
      await expect
        .poll(async () => (await district!.tickets('s1')).find((t) => t.id === ticket.id)?.rating?.level, {
          timeout: 30_000,
        })
        .toBe(5);
      step('district has both');
      const stored = await district.tickets('s1');
      expect(stored.length).toBe(new Set(stored.map((t) => t.id)).size);
      const atDistrict = stored.find((t) => t.id === ticket.id)!;
      // Its origin: issued by the kiosk, every step by the counter's staff member — accepted as the
      // counter's (a kiosk may not call), so the district ran the ordinary rules for that role.
      expect(atDistrict.deviceId).toBe(kioskEnrolment.deviceId);
      expect(atDistrict.history).toEqual(served.history);
      expect(atDistrict.history.map((h) => `${h.action}:${h.by}`)).toEqual([
        `issue:${kioskEnrolment.deviceId}`,
        'call:staff-1',
        'start:staff-1',
        'finish:staff-1',
      ]);
      expect(stored.find((t) => t.id === walkUp.id)!.deviceId).toBe(counterEnrolment.deviceId);
      expect(await district.refusals('s1')).toEqual([]);
      for (const device of devices) {
        await expect.poll(async () => (await link(device))?.link, { timeout: 30_000 }).toBe('all-connected');
        await expect.poll(async () => (await link(device))?.waitingForDistrict, { timeout: 30_000 }).toBe(0);
      }

      // ── The hub is killed: the devices keep syncing, through the district. ──
      step('devices all-connected again');
      await hub.stop('SIGKILL');
      const direct = await kiosk!.call<TicketDoc>('issue', { serviceId: 'svc-a' });
      await seen(counter!, direct.id);
      await seen(display!, direct.id);
      for (const device of devices) expect((await link(device))?.via).toBe('district');
      await expect.poll(async () => (await district!.tickets('s1')).some((t) => t.id === direct.id)).toBe(true);

      // ── Both down: the hub stays killed and the district is cut off again; each device works alone. ──
      // (The district is cut off rather than stopped: a PGlite district restarting after SIGKILL takes
      // minutes on a loaded CI machine; for the devices an unreachable district is the same.)
      step('both down');
      wan.partition();
      for (const device of devices) {
        await expect.poll(async () => (await link(device))?.link, { timeout: 30_000 }).toBe('alone');
      }
      step('all alone');
      const alone = await kiosk!.call<TicketDoc>('issue', { serviceId: 'B-svc' });
      await counter!.call('act', { ticketId: direct.id, action: 'call', at: Date.now(), ...staff });
      // Both back: the killed hub starts again on its own data, the district is reachable again.
      hub = await restartServerChild(hub);
      wan.heal();
      step('both back');
      const expected = [
        `${ticket.id}:done`,
        `${walkUp.id}:waiting`,
        `${direct.id}:called`,
        `${alone.id}:waiting`,
      ].sort();
      for (const device of devices) {
        await expect.poll(() => tickets(device), { timeout: 60_000 }).toEqual(expected);
        step(`${device.enrolment.role} converged`);
      }
      await expect
        .poll(async () => (await district!.tickets('s1')).map((t) => `${t.id}:${t.status}`).sort(), { timeout: 60_000 })
        .toEqual(expected);
      for (const device of devices) {
        await expect.poll(async () => (await link(device))?.via, { timeout: 30_000 }).toBe('hub');
        await expect.poll(async () => (await device.state()).waiting, { timeout: 30_000 }).toBe(0);
      }
      step('converged');
      const final = await district.tickets('s1');
      expect(final.length).toBe(4);
      for (const device of devices) {
        const mine = new Map((await device.state()).tickets.map((t) => [t.id, t]));
        for (const t of final) expect(mine.get(t.id)?.history).toEqual(t.history);
      }
    },
  );
});
