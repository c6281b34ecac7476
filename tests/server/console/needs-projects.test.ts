/**
 * Needs → projects on both drivers: every station's needs in one console list,
 * filtered by kind, station and day; the resident's number only for operators
 * whose role may see it (absent from the JSON for the others); a project made of
 * a station's needs reaches that station's devices by pull and no other station's;
 * no device may push a project; bad input changes nothing; every change is audited.
 */
import { beforeEach, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { NeedItem, ProjectItem } from '#protocol/needs-projects.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { need, useTestApp } from '#tests/server/helpers/fixtures.ts';

const PASSWORD = 'correct horse battery';
const AT = 1_795_840_000_000;

interface Session {
  cookie: string;
  csrf: string;
}

describeEachDriver('needs and projects in the console', (driver) => {
  const ctx = useTestApp(driver);
  let kiosk1: EnrolResponse;
  let kiosk2: EnrolResponse;

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
  const needs = async (s: Session, query = '') => {
    const res = await call(s, 'GET', `/needs${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number; items: NeedItem[] }>();
  };
  const project = (needIds: string[], extra: object = {}) => ({
    stationId: 's1',
    title: '楼道灯维修',
    status: 'planned',
    owner: '王主任',
    resources: [{ text: '物业维修队' }, { text: '街道微实事项目', url: 'https://example.org/wss' }],
    needIds,
    ...extra,
  });

  beforeEach(async () => {
    await ctx.repo.db.query(
      'TRUNCATE audit_log, operator_sessions, sign_in_failures, operators, projects, project_needs',
    );
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    await ctx.repo.db.query(`UPDATE stations SET street = CASE id WHEN 's1' THEN '花木街道' ELSE '陆家嘴街道' END`);
    kiosk1 = await ctx.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 });
    kiosk2 = await ctx.enrol('s2', { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 });
    const push1 = await ctx.pushReport(kiosk1, 'needs', [
      { newDocumentState: need(kiosk1, 'n1', { kind: 'repair', contact: '13800000001', createdAt: AT }) },
      { newDocumentState: need(kiosk1, 'n2', { kind: 'repair', text: '路灯不亮', createdAt: AT + 1000 }) },
      { newDocumentState: need(kiosk1, 'n3', { kind: 'elderly', text: '想要助餐点', createdAt: AT - 3 * 86_400_000 }) },
    ]);
    expect(push1.refused).toEqual([]);
    expect(
      (
        await ctx.pushReport(kiosk2, 'needs', [
          { newDocumentState: need(kiosk2, 'm1', { contact: '13900000002', createdAt: AT + 500 }) },
        ])
      ).refused,
    ).toEqual([]);
    for (const [username, role, street] of [
      ['admin', 'admin', ''],
      ['viewer', 'viewer', ''],
      ['huamu', 'supervisor', '花木街道'],
    ] as const)
      await ctx.repo.operators.create({ username, displayName: username, role, street, password: PASSWORD });
  });

  it('lists every station’s needs, by kind, station and day', async () => {
    const admin = await session('admin');
    expect((await needs(admin)).items.map((n) => n.id)).toEqual(['n2', 'm1', 'n1', 'n3']);
    expect((await needs(admin, '?kind=elderly')).items.map((n) => n.id)).toEqual(['n3']);
    expect((await needs(admin, '?stationId=s2')).items.map((n) => n.id)).toEqual(['m1']);
    const day = stationDay(AT, 480);
    expect((await needs(admin, `?from=${day}&to=${day}`)).items.map((n) => n.id)).toEqual(['n2', 'm1', 'n1']);
    expect((await needs(await session('huamu'))).items.map((n) => n.stationId)).toEqual(['s1', 's1', 's1']);
    expect((await call(admin, 'GET', '/needs?from=2026-13-01')).statusCode).toBe(400);
  });

  it('sends contact numbers only to operators whose role may see them', async () => {
    const admin = await needs(await session('admin'));
    expect(admin.items.find((n) => n.id === 'n1')).toMatchObject({ hasContact: true, contact: '13800000001' });
    expect(admin.items.find((n) => n.id === 'm1')).toMatchObject({ hasContact: true, contact: '13900000002' });
    const supervisor = await needs(await session('huamu'));
    expect(supervisor.items.find((n) => n.id === 'n1')).toMatchObject({ contact: '13800000001' });
    const res = await call(await session('viewer'), 'GET', '/needs');
    expect(res.body).not.toContain('13800000001');
    expect(res.body).not.toContain('13900000002');
    const viewer = res.json<{ items: NeedItem[] }>().items.find((n) => n.id === 'n1')!;
    expect(viewer.hasContact).toBe(true);
    expect('contact' in viewer).toBe(false);
  });

  it('groups needs into a project that only the station’s devices receive', async () => {
    const admin = await session('admin');
    const created = await call(admin, 'POST', '/projects', project(['n1', 'n2']));
    expect(created.statusCode, created.body).toBe(201);
    const item = created.json<ProjectItem>();
    expect(item).toMatchObject({
      needIds: ['n1', 'n2'],
      project: { stationId: 's1', title: '楼道灯维修', needCount: 2 },
    });
    expect((await needs(admin, '?stationId=s1')).items.map((n) => [n.id, n.projectId])).toEqual([
      ['n2', item.project.id],
      ['n1', item.project.id],
      ['n3', null],
    ]);

    const pulled = await ctx.pullAll(kiosk1, 'projects');
    expect(pulled.documents).toEqual([{ ...item.project, _deleted: false }]);
    expect((await ctx.pullAll(kiosk2, 'projects')).documents).toEqual([]);

    const changed = await call(admin, 'PUT', `/projects/${item.project.id}`, {
      ...project(['n1', 'n2', 'n3']),
      stationId: undefined,
      status: 'in_progress',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const [again] = (await ctx.pullAll(kiosk1, 'projects')).documents;
    expect(again).toMatchObject({ status: 'in_progress', needCount: 3 });
    const audit = (await ctx.repo.audit.list({ stationId: 's1' })).entries.map((e) => e.action);
    expect(audit).toEqual(['project_changed', 'project_created']);
  });

  it('refuses bad projects and changes nothing', async () => {
    const admin = await session('admin');
    const before = await ctx.snapshot();
    for (const [body, status] of [
      [project(['m1']), 400], // another station's need
      [project(['nope']), 400],
      [project([], { title: '   ' }), 400],
      [project([], { status: 'finished' }), 400],
      [project([], { resources: [{ text: 'x', url: 'javascript:alert(1)' }] }), 400],
      [project([], { stationId: 'unknown' }), 404],
    ] as const)
      expect((await call(admin, 'POST', '/projects', body)).statusCode).toBe(status);
    expect((await call(await session('viewer'), 'POST', '/projects', project([]))).statusCode).toBe(403);
    const other = await call(admin, 'POST', '/projects', project(['n3']));
    expect(other.statusCode).toBe(201);
    // A need becomes one project.
    expect((await call(admin, 'POST', '/projects', project(['n3']))).statusCode).toBe(400);
    expect((await ctx.snapshot()).needs).toEqual(before.needs);
    expect((await ctx.repo.db.query('SELECT * FROM projects')).length).toBe(1);
  });

  it('lets no device write a project', async () => {
    const admin = await session('admin');
    const item = (await call(admin, 'POST', '/projects', project(['n1']))).json<ProjectItem>();
    const forged = { ...item.project, title: '改了', _deleted: false };
    const res = await ctx.push(kiosk1, 'projects', [
      { assumedMasterState: { ...item.project, _deleted: false }, newDocumentState: forged },
    ]);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('collection_read_only');
    expect((await ctx.pullAll(kiosk1, 'projects')).documents).toMatchObject([{ title: '楼道灯维修' }]);
  });
});
