/**
 * The console's report on both drivers: its figures equal those computed in
 * TypeScript from the seeded tickets (tests/fixtures/report-tickets.ts, not the
 * server's SQL) for the whole district and for each filter, in each station's
 * local time; a street supervisor sees only its street; bad queries get a 400.
 * The rollup the unfiltered reports read stays equal to the tickets as they
 * change after a report (status updates, late tickets of past days, tombstones,
 * a station moving street), and the wait estimate's error is reported — from
 * tickets written into the database directly: this branch's ticket schema does
 * not carry `waitEstimate` yet, so a push of one would be refused.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ReportFigures, ReportQuery, ReportResponse } from '#protocol/report-api.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { prng } from '#protocol/prng.ts';
import { refreshPass } from '#server/repositories/background-refresh.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { serviceDoc, stationDoc, STAFF, useTestApp } from '#tests/server/helpers/fixtures.ts';
import {
  expectedReport,
  seedTickets,
  type ExpectedReport,
  type SeedStation,
  type WaitEstimate,
} from '#tests/fixtures/report-tickets.ts';

const PASSWORD = 'correct horse battery';
const HUAMU = '花木街道';

const services = (prefix: string) => [
  { id: `${prefix}-gov`, queue: 'A', category: 'government' },
  { id: `${prefix}-health`, queue: 'B', category: 'health' },
  { id: 'common-legal', queue: 'A', category: 'legal' },
];

// Three stations on two streets; one keeps New York's winter time, so its local hours differ from Shanghai's.
const STATIONS: SeedStation[] = [
  {
    id: 'hm-1',
    street: HUAMU,
    utcOffsetMinutes: 480,
    staff: STAFF,
    services: services('hm-1'),
    deviceId: 'd1',
    counter: '1',
  },
  {
    id: 'hm-2',
    street: HUAMU,
    utcOffsetMinutes: -300,
    staff: STAFF,
    services: services('hm-2'),
    deviceId: 'd2',
    counter: '1',
  },
  {
    id: 'lj-1',
    street: '陆家嘴街道',
    utcOffsetMinutes: 480,
    staff: STAFF,
    services: services('lj-1'),
    deviceId: 'd3',
    counter: '1',
  },
];
const FROM = '2026-03-09';
const TO = '2026-03-22';
// Two weeks and the two weeks before, for the trend.
const TICKETS: TicketDoc[] = seedTickets({ stations: STATIONS, from: '2026-02-23', to: TO, perDay: 9, seed: 15 });

interface Session {
  cookie: string;
  csrf: string;
}

function expectFigures(actual: ReportFigures, expected: ReportFigures, label: string): void {
  for (const [key, value] of Object.entries(expected) as [keyof ReportFigures, number | null][]) {
    if (value === null) expect(actual[key], `${label} ${key}`).toBeNull();
    else expect(actual[key], `${label} ${key}`).toBeCloseTo(value, 9);
  }
}

function expectReport(actual: ReportResponse, expected: ExpectedReport, label: string): void {
  expectFigures(actual.current, expected.current, `${label} current`);
  expectFigures(actual.previous, expected.previous, `${label} previous`);
  expect(actual.heatmap, `${label} heatmap`).toEqual(expected.heatmap);
  expect(actual.daily.map((d) => [d.day, d.issued, d.served])).toEqual(
    expected.daily.map((d) => [d.day, d.issued, d.served]),
  );
  actual.daily.forEach((d, i) => {
    const want = expected.daily[i]!.waitP50Min;
    if (want === null) expect(d.waitP50Min).toBeNull();
    else expect(d.waitP50Min, `${label} ${d.day} wait p50`).toBeCloseTo(want, 9);
  });
}

describeEachDriver('console reports', (driver) => {
  const ctx = useTestApp(driver);
  let admin: Session;

  const session = async (username: string): Promise<Session> => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/session',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
  };
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const report = async (s: Session, q: Partial<ReportQuery>) => {
    const res = await call(s, 'GET', `/reports?${new URLSearchParams(q as Record<string, string>)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ReportResponse>();
  };

  beforeEach(async () => {
    await ctx.repo.db.query('TRUNCATE audit_log, operator_sessions, sign_in_failures, operators, tickets');
    await ctx.repo.operators.create({ username: 'admin', displayName: '区管理员', role: 'admin', password: PASSWORD });
    await ctx.repo.operators.create({
      username: 'huamu',
      displayName: '花木街道',
      role: 'supervisor',
      street: HUAMU,
      password: PASSWORD,
    });
    admin = await session('admin');
    for (const s of STATIONS) {
      const doc = { ...stationDoc(s.id), utcOffsetMinutes: s.utcOffsetMinutes };
      expect((await call(admin, 'POST', '/stations', { id: s.id, street: s.street, doc })).statusCode).toBe(201);
      for (const x of s.services.filter((x) => !x.id.startsWith('common'))) {
        const service = serviceDoc(x.id, s.id, { queue: x.queue, category: x.category as 'government' });
        expect((await call(admin, 'PUT', `/services/${x.id}`, { service })).statusCode).toBe(200);
      }
    }
    const common = serviceDoc('common-legal', '', { category: 'legal' });
    expect((await call(admin, 'PUT', '/services/common-legal', { service: common })).statusCode).toBe(200);
    // History as the district stores it; the push rules only take the last few days, so it is written directly.
    await insertTickets(TICKETS);
  });

  const insertTickets = (tickets: readonly TicketDoc[]) =>
    ctx.repo.db.query(
      `INSERT INTO tickets (id, station_id, lwt, doc)
       SELECT d->>'id', d->>'stationId', 1, d FROM jsonb_array_elements($1::jsonb) AS d`,
      [JSON.stringify(tickets)],
    );

  it('stays equal to the tickets as they change after a report was read', async () => {
    const q = { from: FROM, to: TO };
    expectReport(await report(admin, q), expectedReport(TICKETS, STATIONS, q), 'before');
    const huamu = { from: FROM, to: TO, street: HUAMU };
    await report(admin, huamu);

    // Status updates all day: a served ticket of the period becomes a no-show.
    const changed = TICKETS.find((t) => t.day === TO && t.status === 'done')!;
    const noShow = { ...changed, status: 'no_show' as const };
    await ctx.repo.db.query('UPDATE tickets SET doc = $2::jsonb WHERE id = $1', [changed.id, JSON.stringify(noShow)]);
    // A device that was offline sends tickets of a past day (of each period) late.
    const late = seedTickets({ stations: STATIONS, from: '2026-03-01', to: '2026-03-01', perDay: 5, seed: 99 })
      .concat(seedTickets({ stations: STATIONS, from: '2026-03-12', to: '2026-03-12', perDay: 5, seed: 98 }))
      .map((t, i) => ({ ...t, id: `late-${t.id}`, number: `Z${String(i + 1).padStart(3, '0')}` }));
    await insertTickets(late);
    // A tombstone leaves the report.
    const gone = TICKETS.find((t) => t.day === FROM && t.stationId === 'lj-1')!;
    await ctx.repo.db.query('UPDATE tickets SET deleted = true WHERE id = $1', [gone.id]);
    // lj-1 moves to 花木街道: the street's report now has it, every day.
    await ctx.repo.db.query('UPDATE stations SET street = $2 WHERE id = $1', ['lj-1', HUAMU]);
    const stations = STATIONS.map((s) => (s.id === 'lj-1' ? { ...s, street: HUAMU } : s));

    const now = [...TICKETS.filter((t) => t.id !== gone.id).map((t) => (t.id === changed.id ? noShow : t)), ...late];
    expectReport(await report(admin, q), expectedReport(now, stations, q), 'district after');
    expectReport(await report(admin, huamu), expectedReport(now, stations, huamu), 'street after');
    const one = { ...q, stationId: 'hm-1' };
    expectReport(await report(admin, one), expectedReport(now, stations, one), 'station after');
    // Nothing is left to re-aggregate once a report covered it.
    const [{ n } = { n: -1 }] = await ctx.repo.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM report_dirty WHERE day BETWEEN '2026-02-23' AND $1",
      [TO],
    );
    expect(n).toBe(0);
  });

  it('answers a category or item from the item rows of settled days and the tickets of changed ones', async () => {
    const filtered: Partial<ReportQuery>[] = [
      { category: 'health' },
      { serviceId: 'common-legal' },
      { street: HUAMU, category: 'government' },
      { street: HUAMU, serviceId: 'common-legal', category: 'legal' },
    ];
    const expectAll = async (tickets: readonly TicketDoc[], stations: SeedStation[], label: string) => {
      for (const filter of filtered) {
        const q = { from: FROM, to: TO, ...filter };
        const expected = expectedReport(tickets, stations, q);
        expect(expected.current.issued, JSON.stringify(filter)).toBeGreaterThan(0);
        expectReport(await report(admin, q), expected, `${label} ${JSON.stringify(filter)}`);
      }
    };
    const itemMarks = async () =>
      (await ctx.repo.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_item_dirty'))[0]!.n;

    // A fresh mark waits to settle: the background's own pass leaves the day's item rows alone…
    expect(await refreshPass(ctx.repo.db)).toMatchObject({ itemDays: 0, skipped: false });
    expect(await itemMarks()).toBeGreaterThan(0);
    // …and once settled, every day of both periods has its item rows: the reports read those alone.
    const days = new Set(TICKETS.map((t) => t.day)).size;
    expect(await refreshPass(ctx.repo.db, undefined, 0)).toMatchObject({ itemDays: days });
    expect(await itemMarks()).toBe(0);
    const [{ n: rows } = { n: 0 }] = await ctx.repo.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM report_item_rollup WHERE scope = 'district'",
    );
    expect(rows).toBeGreaterThanOrEqual(days * 3);
    await expectAll(TICKETS, STATIONS, 'settled');

    // Changes after that: those days are read from their tickets until their item rows are refreshed.
    const changed = TICKETS.find((t) => t.day === TO && t.status === 'done' && t.serviceId.endsWith('health'))!;
    const noShow = { ...changed, status: 'no_show' as const };
    await ctx.repo.db.query('UPDATE tickets SET doc = $2::jsonb WHERE id = $1', [changed.id, JSON.stringify(noShow)]);
    const late = seedTickets({ stations: STATIONS, from: '2026-03-12', to: '2026-03-12', perDay: 5, seed: 97 }).map(
      (t, i) => ({ ...t, id: `late-${t.id}`, number: `Z${String(i + 1).padStart(3, '0')}` }),
    );
    await insertTickets(late);
    await ctx.repo.db.query('UPDATE stations SET street = $2 WHERE id = $1', ['lj-1', HUAMU]);
    const stations = STATIONS.map((s) => (s.id === 'lj-1' ? { ...s, street: HUAMU } : s));
    const now = [...TICKETS.map((t) => (t.id === changed.id ? noShow : t)), ...late];
    await expectAll(now, stations, 'changed, station marks');
    // The station rollup has taken its marks (an unfiltered report refreshes it); the item marks remain.
    await report(admin, { from: FROM, to: TO });
    expect(await itemMarks()).toBeGreaterThan(0);
    await expectAll(now, stations, 'changed, item marks');
    expect(await refreshPass(ctx.repo.db, undefined, 0)).toMatchObject({ skipped: false });
    expect(await itemMarks()).toBe(0);
    await expectAll(now, stations, 'refreshed');
  });

  it('reports the wait estimate’s error: share called inside the range, median error against its midpoint', async () => {
    // Estimates as a kiosk would have shown them: some right, some too short, some too long; one malformed.
    const random = prng(3);
    const withEstimates: TicketDoc[] = TICKETS.map((t, i) => {
      if (i % 4 === 3) return t; // no estimate ("not enough data")
      const call = t.history.find((h) => h.action === 'call');
      const guess = Math.round(((call ? call.at - t.issuedAt : 20 * 60_000) / 60_000) * (0.5 + random()));
      const waitEstimate: WaitEstimate = { lowMin: Math.max(0, guess - 3), highMin: guess + 4, ahead: i % 7 };
      return { ...t, waitEstimate } as TicketDoc;
    });
    const malformed = {
      ...withEstimates[0]!,
      waitEstimate: { lowMin: '5', highMin: 9, ahead: 1 },
    } as unknown as TicketDoc;
    withEstimates[0] = malformed;
    await ctx.repo.db.query('TRUNCATE tickets');
    await insertTickets(withEstimates);
    for (const q of [
      { from: FROM, to: TO },
      { from: FROM, to: TO, category: 'health' },
      { from: FROM, to: TO, stationId: 'hm-2' },
    ]) {
      const r = await report(admin, q);
      const expected = expectedReport(withEstimates, STATIONS, q);
      expect(expected.current.estimateCalled, JSON.stringify(q)).toBeGreaterThan(10);
      expect(expected.current.estimateInsideRate).toBeGreaterThan(0);
      expect(expected.current.estimateInsideRate).toBeLessThan(1);
      expectReport(r, expected, JSON.stringify(q));
    }
  });

  it('reports the whole district: counts, rates, wait and service percentiles, heatmap and trend', async () => {
    const q = { from: FROM, to: TO };
    const r = await report(admin, q);
    expect(r.query).toMatchObject({ ...q, previousFrom: '2026-02-23', previousTo: '2026-03-08', days: 14 });
    expect(r.daily).toHaveLength(14);
    expect(r.previousDaily.map((d) => d.day)[0]).toBe('2026-02-23');
    // The seed has every kind of outcome, so each figure is really measured.
    expect(r.current.noShow).toBeGreaterThan(0);
    expect(r.current.cancelled).toBeGreaterThan(0);
    expect(r.current.calledWithin15Rate).toBeGreaterThan(0);
    expect(r.current.calledWithin15Rate).toBeLessThan(1);
    expectReport(r, expectedReport(TICKETS, STATIONS, q), 'district');
  });

  it('narrows to a street, a station, a category, an item and a staff member', async () => {
    const base = { from: FROM, to: TO };
    for (const filter of [
      { street: HUAMU },
      { stationId: 'hm-2' },
      { category: 'health' },
      { serviceId: 'common-legal' },
      { staff: STAFF[1] },
      { stationId: 'hm-1', category: 'government', staff: STAFF[0] },
    ] satisfies Partial<ReportQuery>[]) {
      const q = { ...base, ...filter };
      const r = await report(admin, q);
      const expected = expectedReport(TICKETS, STATIONS, q);
      expect(expected.current.issued, JSON.stringify(filter)).toBeGreaterThan(0);
      expectReport(r, expected, JSON.stringify(filter));
    }
  });

  it('counts hours in each station’s own local time', async () => {
    const q = { from: FROM, to: TO, stationId: 'hm-2' };
    const r = await report(admin, q);
    // The seed issues from 08:00 to 18:00 station time; in Shanghai's hours hm-2's tickets would fall at night.
    const busy = r.heatmap.flatMap((hours) => hours.map((n, h) => (n > 0 ? h : -1))).filter((h) => h >= 0);
    expect(Math.min(...busy)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...busy)).toBeLessThanOrEqual(17);
  });

  it('shows a street supervisor only its own street', async () => {
    const huamu = await session('huamu');
    const q = { from: FROM, to: TO };
    expectReport(await report(huamu, q), expectedReport(TICKETS, STATIONS, { ...q, street: HUAMU }), 'supervisor');
    const otherStreet = await call(
      huamu,
      'GET',
      `/reports?from=${FROM}&to=${TO}&street=${encodeURIComponent('陆家嘴街道')}`,
    );
    expect(otherStreet.statusCode).toBe(403);
    expect(otherStreet.json().error.code).toBe('operator_forbidden');
    const otherStation = await call(huamu, 'GET', `/reports?from=${FROM}&to=${TO}&stationId=lj-1`);
    expect(otherStation.statusCode).toBe(404);
    expect(otherStation.json().error.code).toBe('station_unknown');
  });

  it('answers a bad query with a 400 that says what is wrong', async () => {
    for (const [query, says] of [
      [`from=${TO}&to=${FROM}`, /on or before/],
      ['from=2026-02-30&to=2026-03-01', /calendar day/],
      ['from=2025-01-01&to=2026-03-01', /at most 366 days/],
      [`from=${FROM}`, /to/],
      [`from=${FROM}&to=${TO}&category=shopping`, /category/],
      [`from=03/09/2026&to=${TO}`, /from/],
    ] as const) {
      const res = await call(admin, 'GET', `/reports?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toMatch(says);
    }
  });
});
