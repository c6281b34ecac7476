/**
 * 好差评 follow-up on both drivers: a 不满意/非常不满意 rating pushed by a real counter
 * opens a case (reasons, a deadline in working days that skips weekends and the
 * district's holidays, an audit row); a history loaded straight into `tickets`
 * opens its cases too; cases move only forward, notes are appended, every change is
 * audited; viewers and other streets change nothing; no route, push or SQL
 * statement changes a rating; the distribution counts per station, item and staff.
 */
import { beforeEach, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { RatingCase, RatingCaseDetail, RatingDistribution } from '#protocol/rating-cases.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { issueEntry } from '#protocol/ticket-lifecycle.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { ADMIN, STAFF, TODAY, TODAY_AT, step, ticket, useTestApp, type Wire } from '#tests/server/helpers/fixtures.ts';

const PASSWORD = 'correct horse battery';

interface Session {
  cookie: string;
  csrf: string;
}

/** The day `days` working days after `from` (Mon–Fri, not a holiday): written apart from the server's SQL. */
function workingDaysAfter(from: string, days: number, holidays: readonly string[] = []): string {
  const d = new Date(`${from}T00:00:00Z`);
  for (let n = 0; n < days;) {
    d.setUTCDate(d.getUTCDate() + 1);
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.includes(iso)) n++;
  }
  return d.toISOString().slice(0, 10);
}

describeEachDriver('好差评 follow-up cases', (driver) => {
  const ctx = useTestApp(driver);
  let counter: EnrolResponse;
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
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const cases = async (s: Session, query = '') => {
    const res = await call(s, 'GET', `/cases${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number; items: RatingCase[] }>();
  };

  /** A walk-up ticket the counter serves to the end and the resident rates. */
  const rated = (id: string, level: number, reasons: string[], by: string = STAFF[0]): Wire<TicketDoc> => {
    let t = ticket(counter, id, { channel: 'walk_up', history: [issueEntry(TODAY_AT, by)] });
    for (const action of ['call', 'start', 'finish'] as const) t = step(t, action, { by });
    return { ...t, rating: { level, reasons, at: (t.endedAt ?? TODAY_AT) + 1000 } };
  };
  const pushRated = async (t: Wire<TicketDoc>) =>
    expect((await ctx.pushReport(counter, 'tickets', [{ newDocumentState: t }])).refused).toEqual([]);
  const ratingOf = async (id: string) =>
    (await ctx.repo.db.query<{ rating: unknown }>(`SELECT doc->'rating' AS rating FROM tickets WHERE id = $1`, [id]))[0]
      ?.rating;

  beforeEach(async () => {
    await ctx.repo.db.query(
      'TRUNCATE audit_log, operator_sessions, sign_in_failures, operators, rating_case_events, rating_cases, case_holidays',
    );
    await ctx.repo.db.query('UPDATE case_settings SET working_days = 5');
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    await ctx.repo.db.query(`UPDATE stations SET street = CASE id WHEN 's1' THEN '花木街道' ELSE '陆家嘴街道' END`);
    counter = await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 3 });
    await ctx.repo.operators.create({ username: 'admin', displayName: '区管理员', role: 'admin', password: PASSWORD });
    await ctx.repo.operators.create({ username: 'viewer', displayName: '只读', role: 'viewer', password: PASSWORD });
    await ctx.repo.operators.create({
      username: 'lujiazui',
      displayName: '陆家嘴',
      role: 'supervisor',
      street: '陆家嘴街道',
      password: PASSWORD,
    });
    admin = await session('admin');
  });

  it('opens a case for every 不满意 and 非常不满意 rating, with reasons, deadline and an audit row', async () => {
    await pushRated(rated('t1', 1, ['waited_long', 'attitude']));
    await pushRated(rated('t2', 2, ['unclear']));
    await pushRated(rated('t3', 3, ['not_solved']));
    await pushRated(rated('t4', 5, []));
    // The same push again (RxDB retries): still one case per ticket.
    await pushRated(rated('t1', 1, ['waited_long', 'attitude']));

    const list = await cases(admin);
    expect(list.total).toBe(2);
    const today = stationDay(Date.now(), 480);
    const byTicket = new Map(list.items.map((c) => [c.ticketId, c]));
    expect(byTicket.get('t1')).toMatchObject({
      stationId: 's1',
      street: '花木街道',
      level: 1,
      reasons: ['waited_long', 'attitude'],
      servedBy: STAFF[0],
      status: 'open',
      owner: '',
      overdue: false,
      workingDays: 5,
      dueOn: workingDaysAfter(today, 5),
      ticketDay: TODAY,
    });
    expect(byTicket.get('t2')).toMatchObject({ level: 2, reasons: ['unclear'] });
    const audit = await ctx.repo.audit.list({ stationId: 's1' });
    expect(audit.entries.filter((e) => e.action === 'case_opened').map((e) => e.actor)).toEqual(['server', 'server']);
  });

  it('opens cases for bad ratings however they reach tickets (a history loaded days later)', async () => {
    const old = { ...rated('h1', 1, ['other']), day: '2026-01-05' };
    await ctx.repo.db.query(
      `INSERT INTO tickets (id, station_id, lwt, doc) VALUES ($1, 's1', nextval('lwt_seq'), $2)`,
      [old.id, JSON.stringify(old)],
    );
    const [opened] = (await cases(admin)).items;
    expect(opened).toMatchObject({ ticketId: 'h1', ticketDay: '2026-01-05', level: 1 });
    // The deadline runs from when the district received it, not from the resident's (device-clock) day.
    expect(opened!.dueOn).toBe(workingDaysAfter(stationDay(Date.now(), 480), 5));
  });

  it('uses the district’s working days and skips its public holidays', async () => {
    const today = stationDay(Date.now(), 480);
    const holidays = [workingDaysAfter(today, 1), workingDaysAfter(today, 2)];
    const put = await call(admin, 'PUT', '/case-settings', { workingDays: 3, holidays });
    expect(put.statusCode, put.body).toBe(200);
    await pushRated(rated('t1', 2, ['unclear']));
    const [c] = (await cases(admin)).items;
    expect(c).toMatchObject({ workingDays: 3, dueOn: workingDaysAfter(today, 3, holidays) });
    expect((await call(admin, 'GET', '/case-settings')).json()).toEqual({ workingDays: 3, holidays });
    // Only the administrator sets it, and bad input changes nothing.
    expect(
      (await call(await session('viewer'), 'PUT', '/case-settings', { workingDays: 9, holidays: [] })).statusCode,
    ).toBe(403);
    expect((await call(admin, 'PUT', '/case-settings', { workingDays: 0, holidays: [] })).statusCode).toBe(400);
    expect((await call(admin, 'PUT', '/case-settings', { workingDays: 5, holidays: ['2026-02-30'] })).statusCode).toBe(
      400,
    );
    expect((await call(admin, 'GET', '/case-settings')).json()).toEqual({ workingDays: 3, holidays });
    const audit = await ctx.repo.audit.list({});
    expect(audit.entries.filter((e) => e.action === 'case_settings_changed')).toHaveLength(1);
  });

  it('moves a case only forward, appends notes and owners, and audits each change', async () => {
    await pushRated(rated('t1', 1, ['attitude']));
    const [c] = (await cases(admin)).items;
    const change = (payload: unknown) => call(admin, 'POST', `/cases/${c!.id}/changes`, payload);

    expect(
      (await change({ owner: '王主任', note: '已电话联系居民，约周三回访', status: 'contacted' })).statusCode,
    ).toBe(200);
    const skip = await change({ status: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('case_status_order');
    const back = await change({ status: 'open' });
    expect(back.statusCode).toBe(409);
    expect((await change({ status: 'rectified', note: '窗口已调整' })).statusCode).toBe(200);
    expect((await change({ note: '   ' })).statusCode).toBe(400);
    expect((await change({})).statusCode).toBe(400);
    expect((await change({ status: 'closed' })).statusCode).toBe(200);

    const detail = (await call(admin, 'GET', `/cases/${c!.id}`)).json<RatingCaseDetail>();
    expect(detail).toMatchObject({ status: 'closed', owner: '王主任' });
    expect(detail.rating).toMatchObject({ level: 1, reasons: ['attitude'] });
    expect(detail.events.map((e) => [e.kind, e.status ?? e.owner ?? e.note, e.actor])).toEqual([
      ['owner', '王主任', 'admin'],
      ['status', 'contacted', 'admin'],
      ['note', '已电话联系居民，约周三回访', 'admin'],
      ['status', 'rectified', 'admin'],
      ['note', '窗口已调整', 'admin'],
      ['status', 'closed', 'admin'],
    ]);
    const audit = (await ctx.repo.audit.list({ stationId: 's1' })).entries.filter((e) => e.action === 'case_changed');
    expect(audit.map((e) => (e.after as { status: string }).status)).toEqual(['closed', 'rectified', 'contacted']);
    // History is append-only in the database itself.
    await expect(ctx.repo.db.query(`UPDATE rating_case_events SET note = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(ctx.repo.db.query('DELETE FROM rating_case_events')).rejects.toThrow(/append-only/);
  });

  it('flags a case overdue once its deadline day has passed and it is not rectified', async () => {
    await pushRated(rated('t1', 1, ['attitude']));
    await pushRated(rated('t2', 2, ['unclear']));
    await ctx.repo.db.query(`UPDATE rating_cases SET due_on = current_date - 3 WHERE ticket_id IN ('t1', 't2')`);
    const [c2] = (await cases(admin, '?overdue=true')).items.filter((c) => c.ticketId === 't2');
    for (const status of ['contacted', 'rectified'])
      expect((await call(admin, 'POST', `/cases/${c2!.id}/changes`, { status })).statusCode).toBe(200);
    const overdue = await cases(admin, '?overdue=true');
    expect(overdue.items.map((c) => c.ticketId)).toEqual(['t1']);
    expect((await cases(admin)).items.map((c) => [c.ticketId, c.overdue])).toEqual([
      ['t1', true],
      ['t2', false],
    ]);
  });

  it('lets a viewer read but not change, and hides other streets’ cases', async () => {
    await pushRated(rated('t1', 1, ['attitude']));
    const [c] = (await cases(admin)).items;
    const viewer = await session('viewer');
    expect((await cases(viewer)).total).toBe(1);
    expect((await call(viewer, 'POST', `/cases/${c!.id}/changes`, { status: 'contacted' })).statusCode).toBe(403);
    const other = await session('lujiazui');
    expect((await cases(other)).total).toBe(0);
    expect((await call(other, 'GET', `/cases/${c!.id}`)).statusCode).toBe(404);
    expect((await call(other, 'POST', `/cases/${c!.id}/changes`, { note: 'x' })).statusCode).toBe(404);
    expect((await call(other, 'GET', '/cases?street=花木街道')).statusCode).toBe(403);
    expect(await cases(admin)).toMatchObject({ items: [{ status: 'open' }] });
    expect((await call(admin, 'GET', `/cases/${c!.id}`)).json<RatingCaseDetail>().events).toEqual([]);
  });

  it('refuses every attempt to change a rating, and the rating stays as given', async () => {
    const t = rated('t1', 1, ['attitude']);
    await pushRated(t);
    const given = await ratingOf('t1');
    const [c] = (await cases(admin)).items;

    // The device: a changed or removed rating is refused by the rules.
    const better = { ...t, rating: { ...t.rating!, level: 5 } };
    const { rating: _r, ...unrated } = t;
    const pushed = await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: t, newDocumentState: better }]);
    expect(pushed.refused.map((r) => r.code)).toEqual(['rating_changed']);
    const removed = await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: t, newDocumentState: unrated }]);
    expect(removed.refused.map((r) => r.code)).toEqual(['rating_changed']);
    // The console: no route writes a ticket or its rating, and a case change cannot carry one.
    for (const [method, url] of [
      ['PUT', '/tickets/t1'],
      ['PATCH', '/tickets/t1'],
      ['DELETE', '/tickets/t1'],
      ['PUT', `/cases/${c!.id}/rating`],
      ['DELETE', `/cases/${c!.id}`],
    ] as const)
      expect((await call(admin, method, url, method === 'DELETE' ? undefined : { level: 5 })).statusCode, url).toBe(
        404,
      );
    expect((await call(admin, 'POST', `/cases/${c!.id}/changes`, { rating: { level: 5 } })).statusCode).toBe(400);
    // The admin API (scripts) has no ticket route either.
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const)
      expect(
        (await ctx.app.inject({ method, url: '/api/v1/admin/tickets/t1', headers: ADMIN, payload: { level: 5 } }))
          .statusCode,
      ).toBe(404);
    // And the database itself refuses any writer that tries.
    await expect(
      ctx.repo.db.query(`UPDATE tickets SET doc = jsonb_set(doc, '{rating,level}', '5') WHERE id = 't1'`),
    ).rejects.toThrow(/rating_immutable/);
    await expect(ctx.repo.db.query(`UPDATE tickets SET deleted = true WHERE id = 't1'`)).rejects.toThrow(
      /rating_immutable/,
    );
    await expect(ctx.repo.db.query(`DELETE FROM tickets WHERE id = 't1'`)).rejects.toThrow(/rating_immutable/);

    expect(await ratingOf('t1')).toEqual(given);
    expect(given).toMatchObject({ level: 1, reasons: ['attitude'] });
    expect((await cases(admin)).items).toMatchObject([{ ticketId: 't1', level: 1, status: 'open' }]);
  });

  it('counts ratings per station, item and staff member for a period', async () => {
    await pushRated(rated('t1', 1, ['attitude'], STAFF[0]));
    await pushRated(rated('t2', 5, [], STAFF[1]));
    await pushRated(rated('t3', 5, [], STAFF[1]));
    await pushRated(rated('t4', 2, ['unclear'], STAFF[0]));
    const dist = async (by: string, extra = '') => {
      const res = await call(admin, 'GET', `/ratings?from=${TODAY}&to=${TODAY}&by=${by}${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<RatingDistribution>();
    };
    const byStation = await dist('station');
    expect(byStation.totals).toEqual([1, 1, 0, 0, 2]);
    expect(byStation.rows).toEqual([{ key: 's1', label: 'Station s1', counts: [1, 1, 0, 0, 2], total: 4 }]);
    const byStaff = await dist('staff');
    expect(byStaff.rows.map((r) => [r.key, r.counts])).toEqual([
      [STAFF[0], [1, 1, 0, 0, 0]],
      [STAFF[1], [0, 0, 0, 0, 2]],
    ]);
    expect((await dist('service')).rows.map((r) => [r.key, r.total])).toEqual([['svc-1', 4]]);
    expect((await dist('station', '&stationId=s2')).rows).toEqual([]);
    expect((await call(admin, 'GET', `/ratings?from=${TODAY}&to=${TODAY}&by=desk`)).statusCode).toBe(400);
    expect((await call(admin, 'GET', `/ratings?from=2026-02-30&to=${TODAY}&by=station`)).statusCode).toBe(400);
    expect(
      (await call(await session('lujiazui'), 'GET', `/ratings?from=${TODAY}&to=${TODAY}&by=station`)).json(),
    ).toMatchObject({
      rows: [],
    });
  });
});
