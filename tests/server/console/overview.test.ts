/**
 * The console's live overview, waiting-time bands and device-health list on both
 * drivers, against tickets and reports pushed by real enrolled devices: the figures
 * equal what the test counts from the tickets it pushed, the stream sends a change
 * after a push (the e2e test holds it to 2 s), a street's supervisor sees only their street, bad bands are
 * refused and change nothing; a station's hub shows with its last contact and the items its own health
 * report says still wait to go up.
 */
import { beforeEach, expect, it } from 'vitest';
import type { DeviceHealthRow, OverviewMessage, OverviewStation } from '#protocol/console-api.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { DeviceHealthDoc, TicketDoc } from '#protocol/schemas.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { step, ticket, useTestApp, type Wire } from '#tests/server/helpers/fixtures.ts';
import { openStream } from '#tests/server/helpers/sse.ts';

const PASSWORD = 'correct horse battery';
const HUAMU = '花木街道';
const LUJIAZUI = '陆家嘴街道';

/**
 * A time `minutes` ago, kept inside the station's current day (UTC+8): the overview
 * counts today's tickets, and a test run just after the station's midnight must too.
 */
function minutesAgo(minutes: number): number {
  const now = Date.now();
  const sinceMidnight = (now + 480 * 60_000) % 86_400_000;
  return now - Math.min(minutes * 60_000, Math.floor((sinceMidnight * minutes) / 60));
}

/** The ticket as issued at its issuedAt: its day, its queue's letter, its issue entry's time. */
function fix(t: Wire<TicketDoc>): Wire<TicketDoc> {
  return {
    ...t,
    day: stationDay(t.issuedAt, 480),
    number: `${t.queue}${t.number.slice(1)}`,
    history: [{ ...t.history[0]!, at: t.issuedAt }],
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

describeEachDriver('console overview', (driver) => {
  const ctx = useTestApp(driver);

  beforeEach(async () => {
    await ctx.repo.db.query('TRUNCATE audit_log, operator_sessions, sign_in_failures, operators');
    await ctx.repo.db.query(`DELETE FROM wait_thresholds WHERE queue <> ''`);
    await ctx.repo.db.query(`UPDATE wait_thresholds SET warning_minutes = 20, critical_minutes = 40`);
    await ctx.repo.operators.create({ username: 'admin', displayName: '区管理员', role: 'admin', password: PASSWORD });
    await ctx.repo.operators.create({
      username: 'huamu',
      displayName: '花木',
      role: 'supervisor',
      street: HUAMU,
      password: PASSWORD,
    });
  });

  const session = async (username: string): Promise<Session> => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/session',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
  };
  const call = (s: Session, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** Two stations on two streets, a kiosk and a counter at the first, a kiosk at the second. */
  const setup = async () => {
    await ctx.setUpStation('hm-1');
    await ctx.setUpStation('lj-1');
    await ctx.repo.db.query(`UPDATE stations SET street = $1 WHERE id = 'hm-1'`, [HUAMU]);
    await ctx.repo.db.query(`UPDATE stations SET street = $1 WHERE id = 'lj-1'`, [LUJIAZUI]);
    return {
      kiosk: await ctx.enrol('hm-1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 }),
      counter: await ctx.enrol('hm-1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 }),
      other: await ctx.enrol('lj-1', { role: 'kiosk' }),
    };
  };

  const push = async (device: EnrolResponse, tickets: Wire<TicketDoc>[]) => {
    const report = await ctx.pushReport(
      device,
      'tickets',
      tickets.map((t) => ({ newDocumentState: t })),
    );
    expect(report).toEqual({ conflicts: [], refused: [] });
  };

  const overview = async (s: Session) => {
    const res = await call(s, 'GET', '/overview');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ stations: OverviewStation[] }>().stations;
  };

  it("shows each station's waiting, oldest wait, served and open counters as counted from the pushed tickets", async () => {
    const { kiosk, counter, other } = await setup();
    const a1 = ticket(kiosk, 'a1', { issuedAt: minutesAgo(30) });
    const a2 = ticket(kiosk, 'a2', { issuedAt: minutesAgo(10) });
    const b1 = ticket(kiosk, 'b1', { issuedAt: minutesAgo(5), queue: 'B' });
    await push(kiosk, [a1, a2, b1].map(fix));
    // The counter calls a1 and serves it to the end: one served, counter 1 open; a2 still waits.
    let served = fix(a1);
    for (const action of ['call', 'start', 'finish'] as const) served = step(served, action, { counter: '1' });
    const pushedServed = await ctx.pushReport(counter, 'tickets', [
      { assumedMasterState: fix(a1), newDocumentState: served },
    ]);
    expect(pushedServed.refused).toEqual([]);
    await push(other, [fix(ticket(other, 'o1', { issuedAt: minutesAgo(1) }))]);

    const admin = await session('admin');
    const stations = await overview(admin);
    expect(stations.map((s) => s.id)).toEqual(['hm-1', 'lj-1']);
    const hm = stations[0]!;
    expect(hm.queues).toEqual([
      { letter: 'A', waiting: 1, oldestWaitingAt: a2.issuedAt },
      { letter: 'B', waiting: 1, oldestWaitingAt: b1.issuedAt },
    ]);
    expect(hm).toMatchObject({ servedToday: 1, countersOpen: 1, street: HUAMU, printerFaults: 0 });
    expect(hm.deviceLastSeen).toHaveLength(2);
    expect(hm.deviceLastSeen.every((t) => t !== null && Math.abs(t - Date.now()) < 120_000)).toBe(true);

    // A street's supervisor sees their street only.
    expect((await overview(await session('huamu'))).map((s) => s.id)).toEqual(['hm-1']);
  });

  it("shows a station's hub: none, then its last contact with the district and what it still holds", async () => {
    await setup();
    const admin = await session('admin');
    const hubOf = async (id: string) => (await overview(admin)).find((s) => s.id === id)?.hub;
    expect(await hubOf('hm-1')).toBeNull();

    const hub = await ctx.enrol('hm-1', { hub: true } as never);
    expect(await hubOf('hm-1')).toEqual({ lastContactAt: null, waiting: null });
    // The hub calls the district (its device list), then reports 7 documents waiting for the uplink.
    const devices = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/hub/devices',
      headers: { authorization: `Bearer ${hub.credential}` },
    });
    expect(devices.statusCode, devices.body).toBe(200);
    const health: Wire<DeviceHealthDoc> = {
      id: hub.deviceId,
      stationId: hub.stationId,
      deviceId: hub.deviceId,
      role: hub.role,
      appVersion: '1.0.0',
      printer: { kind: 'none', paper: 'unknown' },
      outbox: 7,
      updatedAt: Date.now(),
      _deleted: false,
    };
    expect((await ctx.pushReport(hub, 'deviceHealth', [{ newDocumentState: health }])).refused).toEqual([]);
    const seen = await hubOf('hm-1');
    expect(seen?.waiting).toBe(7);
    expect(Math.abs((seen?.lastContactAt ?? 0) - Date.now())).toBeLessThan(120_000);
    expect(await hubOf('lj-1')).toBeNull();
  });

  it('streams a snapshot, then a pushed ticket, to the scope of the operator', async () => {
    const { kiosk, other } = await setup();
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const supervisor = await session('huamu');
    const stream = await openStream(`${address}/console/api/overview/stream`, { cookie: supervisor.cookie });
    try {
      expect(stream.status).toBe(200);
      const snapshot = (await stream.next()) as OverviewMessage & { type: 'snapshot' };
      expect(snapshot.type).toBe('snapshot');
      expect(snapshot.stations.map((s) => [s.id, s.queues])).toEqual([['hm-1', []]]);
      expect(snapshot.thresholds).toEqual([{ queue: '', warningMinutes: 20, criticalMinutes: 40 }]);

      // Another street's ticket is not this supervisor's: nothing arrives for it.
      await push(other, [fix(ticket(other, 'o1', { issuedAt: minutesAgo(1) }))]);
      await push(kiosk, [fix(ticket(kiosk, 'k1', { issuedAt: minutesAgo(1) }))]);
      const change = (await stream.next((m) => (m as OverviewMessage).type === 'stations', 5000)) as OverviewMessage & {
        type: 'stations';
      };
      expect(change.stations.map((s) => [s.id, s.queues.map((q) => q.waiting)])).toEqual([['hm-1', [1]]]);
    } finally {
      stream.close();
    }
  });

  it('lets only the administrator set the bands, refuses unusable ones and changes nothing then', async () => {
    await setup();
    const admin = await session('admin');
    const supervisor = await session('huamu');
    const good = [
      { queue: '', warningMinutes: 15, criticalMinutes: 30 },
      { queue: 'B', warningMinutes: 5, criticalMinutes: 10 },
    ];
    expect((await call(supervisor, 'PUT', '/thresholds', { thresholds: good })).statusCode).toBe(403);
    for (const bad of [
      [{ queue: '', warningMinutes: 30, criticalMinutes: 15 }],
      [{ queue: 'B', warningMinutes: 5, criticalMinutes: 10 }],
      [{ queue: '', warningMinutes: 0, criticalMinutes: 10 }],
      [{ queue: 'b', warningMinutes: 5, criticalMinutes: 10 }, good[0]],
      [good[0], good[0]],
    ]) {
      const res = await call(admin, 'PUT', '/thresholds', { thresholds: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(admin, 'GET', '/thresholds')).json()).toEqual({
      thresholds: [{ queue: '', warningMinutes: 20, criticalMinutes: 40 }],
    });
    const res = await call(admin, 'PUT', '/thresholds', { thresholds: good });
    expect(res.statusCode, res.body).toBe(200);
    expect((await call(supervisor, 'GET', '/thresholds')).json()).toEqual({ thresholds: good });
    const audit = await ctx.repo.db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE target_type = 'thresholds'`,
    );
    expect(audit).toEqual([{ action: 'thresholds_changed', actor: 'admin' }]);
  });

  it("lists devices' health: printers out of paper now, and devices the district has not heard from", async () => {
    const { kiosk, counter, other } = await setup();
    const report = (device: EnrolResponse, paper: DeviceHealthDoc['printer']['paper']): Wire<DeviceHealthDoc> => ({
      id: device.deviceId,
      stationId: device.stationId,
      deviceId: device.deviceId,
      role: device.role,
      appVersion: '1.0.0',
      printer: { kind: 'network', printer: '10.0.0.9:9100', reachable: true, paper },
      outbox: 0,
      updatedAt: Date.now(),
      _deleted: false,
    });
    expect((await ctx.pushReport(kiosk, 'deviceHealth', [{ newDocumentState: report(kiosk, 'out') }])).refused).toEqual(
      [],
    );
    expect(
      (await ctx.pushReport(counter, 'deviceHealth', [{ newDocumentState: report(counter, 'ok') }])).refused,
    ).toEqual([]);
    // The other station's kiosk was last heard two hours ago.
    await ctx.repo.db.query(`UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [
      other.deviceId,
    ]);
    const admin = await session('admin');
    const list = async (s: Session, q: string) => {
      const res = await call(s, 'GET', `/device-health${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ total: number; items: DeviceHealthRow[] }>();
    };
    const paperOut = await list(admin, '?paperOut=true');
    expect(paperOut.items.map((d) => d.deviceId)).toEqual([kiosk.deviceId]);
    expect(paperOut.items[0]?.report?.printer.paper).toBe('out');
    expect((await list(admin, '?notSeenForMinutes=60')).items.map((d) => d.deviceId)).toEqual([other.deviceId]);
    // Worst first: the empty printer leads the whole list; the counter's report is there too.
    const all = await list(admin, '');
    expect(all.total).toBe(3);
    expect(all.items[0]?.deviceId).toBe(kiosk.deviceId);
    expect((await ctx.repo.db.query(`SELECT 1 FROM device_health`)).length).toBe(2);
    const overviewHm = (await overview(admin)).find((s) => s.id === 'hm-1');
    expect(overviewHm?.printerFaults).toBe(1);

    const supervisor = await session('huamu');
    expect((await list(supervisor, '')).items.map((d) => d.stationId)).toEqual(['hm-1', 'hm-1']);
    expect((await call(supervisor, 'GET', '/device-health?station=lj-1')).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/device-health?paperOut=maybe')).statusCode).toBe(400);
  });
});
