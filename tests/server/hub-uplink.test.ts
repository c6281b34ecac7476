/**
 * The station hub with real parts on loopback: a district and a hub (each the
 * server's own code on PGlite), the uplink through a fault proxy that really cuts
 * it, and a kiosk and a counter running the real replication client against the hub.
 */
import './helpers/node-local-storage.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { StationHub } from '#server/hub/hub-server.ts';
import { rateTicket } from '#renderer/db/ticket-actions.ts';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { districtTickets, enrolHub, startLiveHub } from './helpers/live-hub.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openKioskAndCounter, type TestDevice } from './helpers/test-device.ts';

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

const staff = (counter = 'c1') => ({ at: Date.now(), by: 'staff-1', counter });

describe('a station with its hub', () => {
  it(
    'works as one while the uplink is cut, and the district then has every ticket once with its history and origin',
    { timeout: 120_000 },
    async () => {
      district = await startLiveDistrict();
      await district.createStation('s1');
      proxy = await startFaultProxy(district.url);
      const { kiosk, counter } = await openKioskAndCounter(district);
      devices.push(kiosk, counter);
      hub = await startLiveHub(await enrolHub(district, 's1'), proxy.url);
      await hub.uplink.settled();

      kiosk.startSync(hub.url);
      counter.startSync(hub.url);
      // The catalog came down through the hub: the counter knows the station's staff.
      await expect
        .poll(async () => (await counter.db.stations.findOne('s1').exec())?.toJSON().staff?.length ?? 0, {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);

      proxy.partition();
      await expect.poll(async () => (await hub!.uplink.state()).districtConnected, { timeout: 30_000 }).toBe(false);

      // Uplink down: the kiosk's tickets reach the counter through the hub.
      const latencies: number[] = [];
      const issued: TicketDoc[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const ticket = await kiosk.issue('svc-a');
        issued.push(ticket);
        await expect
          .poll(async () => (await counter.db.tickets.findOne(ticket.id).exec()) !== null, {
            timeout: 20_000,
            interval: 5,
          })
          .toBe(true);
        latencies.push(performance.now() - started);
      }
      process.stdout.write(
        `measured: kiosk → counter through the hub, uplink cut: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms\n`,
      );

      // Staff call, serve, finish and the resident rates, all while the district is unreachable.
      const [first] = issued;
      await counter.act(first!.id, 'call', staff());
      await counter.act(first!.id, 'start', staff());
      await counter.act(first!.id, 'finish', staff());
      await rateTicket(counter.db, first!.id, { level: 5, reasons: [], at: Date.now() });
      counter.outbox.add('tickets', first!.id);
      await expect
        .poll(async () => (await kiosk.db.tickets.findOne(first!.id).exec())?.toJSON().rating?.level, {
          timeout: 20_000,
        })
        .toBe(5);
      expect(await districtTickets(district, 's1')).toEqual([]);
      expect((await hub.uplink.state()).waiting).toBeGreaterThan(0);

      // The uplink comes back: the district ends with every ticket exactly once.
      proxy.heal();
      await hub.uplink.settled();
      const stored = await districtTickets(district, 's1');
      expect(stored.map((t) => t.id).sort()).toEqual(issued.map((t) => t.id).sort());
      const served = stored.find((t) => t.id === first!.id) as unknown as TicketDoc;
      expect(served.history.map((h) => h.action)).toEqual(['issue', 'call', 'start', 'finish']);
      expect(served.status).toBe('done');
      expect(served.rating?.level).toBe(5);
      // The origin is kept: issued in the kiosk's name, served by the staff member.
      for (const t of stored as unknown as TicketDoc[]) expect(t.deviceId).toBe(kiosk.enrolment.deviceId);
      expect(served.servedBy).toBe('staff-1');
      expect(await district.server.repo.db.query('SELECT * FROM write_refusals')).toEqual([]);
      expect((await hub.uplink.state()).waiting).toBe(0);
    },
  );
});
