/**
 * The console's operator API on both drivers: sign-in with lockout, cookie
 * sessions with CSRF, street scope enforced at the API, publishing with field
 * validation, stations, devices, staff PINs and the audit log.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { verifyPin } from '#client/staff-pin.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { MAX_ACCOUNT_FAILURES } from '#server/console/sign-in-policy.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { serviceDoc, stationDoc, useTestApp } from '#tests/server/helpers/fixtures.ts';

// A console build of one page, so the static files and their headers are tested without a Vite build.
const consoleDir = mkdtempSync(join(tmpdir(), 'doorstep-console-'));
mkdirSync(join(consoleDir, 'assets'));
writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(consoleDir, 'assets', 'app-1234.js'), 'export {};');
process.env.CONSOLE_DIR = consoleDir;

const PASSWORD = 'correct horse battery';

interface Session {
  cookie: string;
  csrf: string;
}

describeEachDriver('console API', (driver) => {
  const ctx = useTestApp(driver);

  beforeEach(async () => {
    await ctx.repo.db.query('TRUNCATE audit_log, operator_sessions, sign_in_failures, operators');
    await ctx.repo.operators.create({ username: 'admin', displayName: '区管理员', role: 'admin', password: PASSWORD });
    await ctx.repo.operators.create({
      username: 'huamu',
      displayName: '花木街道',
      role: 'supervisor',
      street: '花木街道',
      password: PASSWORD,
    });
    await ctx.repo.operators.create({ username: 'viewer', displayName: '查看', role: 'viewer', password: PASSWORD });
  });

  const signIn = async (username: string, password = PASSWORD) =>
    ctx.app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password } });

  const session = async (username: string): Promise<Session> => {
    const res = await signIn(username);
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: res.json().csrfToken };
  };

  const call = (s: Session | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** Two stations on two streets, each with its document, plus one district-wide item and one item each. */
  const twoStreets = async () => {
    const admin = await session('admin');
    for (const [id, street] of [
      ['hm-1', '花木街道'],
      ['lj-1', '陆家嘴街道'],
    ] as const) {
      expect((await call(admin, 'POST', '/stations', { id, street, doc: stationDoc(id) })).statusCode).toBe(201);
      expect(
        (await call(admin, 'PUT', `/services/${id}-own`, { service: serviceDoc(`${id}-own`, id) })).statusCode,
      ).toBe(200);
    }
    expect((await call(admin, 'PUT', '/services/common', { service: serviceDoc('common') })).statusCode).toBe(200);
    return admin;
  };

  it('refuses a wrong password, counts it, and locks the account after repeated failures', async () => {
    const first = await signIn('admin', 'wrong password!');
    expect(first.statusCode).toBe(401);
    expect(first.json().error).toMatchObject({
      code: 'sign_in_failed',
      details: [`attemptsLeft=${MAX_ACCOUNT_FAILURES - 1}`],
    });
    expect(await ctx.repo.operators.failures('admin')).toBe(1);
    // An unknown name answers exactly like a wrong password.
    expect((await signIn('nobody', 'whatever')).json().error.code).toBe('sign_in_failed');
    for (let i = 2; i < MAX_ACCOUNT_FAILURES; i++) expect((await signIn('admin', 'nope')).statusCode).toBe(401);
    const locked = await signIn('admin', 'nope');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('sign_in_locked');
    // Locked means locked: even the right password waits.
    expect((await signIn('admin')).statusCode).toBe(423);
    const audit = await ctx.repo.audit.list({});
    expect(audit.entries.filter((e) => e.action === 'sign_in_failed')).toHaveLength(MAX_ACCOUNT_FAILURES + 2);
  });

  it('keeps the session in an HttpOnly SameSite cookie and wants the CSRF token for every change', async () => {
    const res = await signIn('admin');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/console/);
    const cookie = setCookie.split(';')[0]!;
    const me = await ctx.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie } });
    expect(me.json().operator).toMatchObject({ username: 'admin', role: 'admin' });

    expect((await call(null, 'GET', '/stations')).json().error.code).toBe('session_missing');
    const noToken = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/stations',
      headers: { cookie },
      payload: { id: 'x', street: 's', doc: stationDoc('x') },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_invalid');
    expect(await ctx.repo.stations.list()).toEqual([]);

    // Signing out ends the session on the server, not just in the browser.
    const csrf = res.json().csrfToken;
    expect((await call({ cookie, csrf }, 'DELETE', '/session')).statusCode).toBe(204);
    expect((await call({ cookie, csrf }, 'GET', '/stations')).statusCode).toBe(401);
  });

  it('lets a street supervisor see and change only its own stations, checked at the API', async () => {
    await twoStreets();
    const huamu = await session('huamu');
    const list = (await call(huamu, 'GET', '/stations')).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual(['hm-1']);
    expect(list.total).toBe(1);
    expect((await call(huamu, 'GET', '/stations/lj-1')).statusCode).toBe(404);
    expect((await call(huamu, 'PUT', '/stations/lj-1', { doc: stationDoc('lj-1') })).statusCode).toBe(404);
    expect((await call(huamu, 'POST', '/stations/lj-1/enrolment-codes', { role: 'kiosk' })).statusCode).toBe(404);
    expect((await call(huamu, 'POST', '/stations/lj-1/staff', { id: 'x', name: 'X' })).statusCode).toBe(404);
    const otherItem = await call(huamu, 'PUT', '/services/lj-1-own', { service: serviceDoc('lj-1-own', 'lj-1') });
    expect(otherItem.statusCode).toBe(404);
    // District-wide items are the district's.
    const common = await call(huamu, 'PUT', '/services/common', {
      service: serviceDoc('common', '', { name: { 'zh-Hans': '改', 'zh-Hant': '改', en: 'changed' } }),
    });
    expect(common.statusCode).toBe(403);
    expect(common.json().error.code).toBe('operator_forbidden');
    const services = (await call(huamu, 'GET', '/services')).json();
    expect(services.items.map((i: { service: ServiceDoc }) => i.service.id).sort()).toEqual(['common', 'hm-1-own']);
    // Its own station is its to change.
    const own = await call(huamu, 'PUT', '/services/hm-1-own', {
      service: serviceDoc('hm-1-own', 'hm-1', { order: 7 }),
    });
    expect(own.statusCode).toBe(200);
    expect(
      (await call(huamu, 'POST', '/stations', { id: 'hm-2', street: '花木街道', doc: stationDoc('hm-2') })).statusCode,
    ).toBe(403);

    const viewer = await session('viewer');
    expect((await call(viewer, 'GET', '/stations')).json().total).toBe(2);
    expect(
      (await call(viewer, 'PUT', '/services/hm-1-own', { service: serviceDoc('hm-1-own', 'hm-1') })).statusCode,
    ).toBe(403);
  });

  it('shows a missing translation and an invalid schedule at their fields and refuses to publish them', async () => {
    const admin = await twoStreets();
    const broken = serviceDoc('hm-1-own', 'hm-1', {
      name: { 'zh-Hans': '新名称', 'zh-Hant': '新名稱', en: '' },
      schedule: [{ days: [1], from: '12:00', to: '09:00' }],
    });
    const { issues } = (await call(admin, 'POST', '/services/validate', { service: broken })).json();
    expect(issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'name.en', code: 'missing_translation' })]),
    );
    const refused = await call(admin, 'PUT', '/services/hm-1-own', { service: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_service');
    const scheduleOnly = serviceDoc('hm-1-own', 'hm-1', { schedule: [{ days: [1], from: '12:00', to: '09:00' }] });
    expect((await call(admin, 'POST', '/services/validate', { service: scheduleOnly })).json().issues).toEqual([
      expect.objectContaining({ path: 'schedule.0.to', code: 'invalid_schedule' }),
    ]);
    const unknownQueue = serviceDoc('hm-1-own', 'hm-1', { queue: 'Q' });
    expect((await call(admin, 'POST', '/services/validate', { service: unknownQueue })).json().issues).toEqual([
      expect.objectContaining({ path: 'queue', code: 'unknown_queue' }),
    ]);
    expect((await call(admin, 'GET', '/services/hm-1-own')).json().service.name.en).toBe('Service hm-1-own');
  });

  it('publishes an edit to the station devices through replication and logs before and after', async () => {
    const admin = await twoStreets();
    const device = await ctx.enrol('hm-1');
    const edited = serviceDoc('hm-1-own', 'hm-1', {
      name: { 'zh-Hans': '健康小屋', 'zh-Hant': '健康小屋', en: 'Health hut' },
    });
    const published = await call(admin, 'PUT', '/services/hm-1-own', { service: edited });
    expect(published.json()).toMatchObject({ changed: true });
    const pulled = await ctx.pullAll(device, 'services');
    expect(pulled.documents.find((d) => d.id === 'hm-1-own')).toMatchObject({ name: { en: 'Health hut' } });
    const { entries } = (await call(admin, 'GET', '/audit')).json();
    expect(entries[0]).toMatchObject({
      actor: 'admin',
      action: 'service_published',
      targetId: 'hm-1-own',
      before: { name: { en: 'Service hm-1-own' } },
      after: { name: { en: 'Health hut' } },
    });
    // The supervisor's log holds its street only.
    const huamu = await session('huamu');
    const theirs = (await call(huamu, 'GET', '/audit')).json().entries as { stationId: string }[];
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((e) => e.stationId === 'hm-1')).toBe(true);
  });

  it('creates a station with queues and counters, refusing a counter that serves no queue of the station', async () => {
    const admin = await session('admin');
    const doc: StationDoc = {
      ...stationDoc('new-1'),
      counters: [
        { id: '1', name: { 'zh-Hans': '一号窗口', 'zh-Hant': '一號窗口', en: 'Window 1' }, queues: ['A', 'Z'] },
      ],
    };
    const bad = await call(admin, 'POST', '/stations', { id: 'new-1', street: '花木街道', doc });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.stringContaining('counters.0.queues')]);
    expect(await ctx.repo.stations.list()).toEqual([]);
    doc.counters![0]!.queues = ['A', 'B'];
    expect((await call(admin, 'POST', '/stations', { id: 'new-1', street: '花木街道', doc })).statusCode).toBe(201);
    const device = await ctx.enrol('new-1', { role: 'counter' });
    const stationDocs = await ctx.pullAll(device, 'stations');
    expect(stationDocs.documents[0]).toMatchObject({ id: 'new-1', counters: [{ id: '1', queues: ['A', 'B'] }] });
  });

  it('issues enrolment codes, revokes devices and shows their refused writes', async () => {
    const admin = await twoStreets();
    const code = await call(admin, 'POST', '/stations/hm-1/enrolment-codes', {
      role: 'kiosk',
      issuingSlot: 0,
      issuingSlots: 1,
    });
    expect(code.statusCode).toBe(201);
    const enrolled = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enrol',
      payload: { code: code.json().code, deviceName: 'front door' },
    });
    const { deviceId } = enrolled.json();
    await ctx.pull(enrolled.json(), 'services');
    const station = (await call(admin, 'GET', '/stations/hm-1')).json();
    expect(station.deviceList).toEqual([
      expect.objectContaining({ id: deviceId, name: 'front door', role: 'kiosk', lastSeenAt: expect.any(String) }),
    ]);
    await ctx.repo.refusals.record([
      { stationId: 'hm-1', deviceId, collection: 'tickets', docId: 't1', rule: 'role_forbidden', message: 'no' },
    ]);
    expect((await call(admin, 'GET', `/devices/${deviceId}/refusals`)).json().refusals).toEqual([
      expect.objectContaining({ docId: 't1', rule: 'role_forbidden' }),
    ]);
    const revoked = await call(admin, 'POST', `/devices/${deviceId}/revoke`);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const again = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/services/pull',
      headers: { authorization: `Bearer ${enrolled.json().credential}` },
    });
    expect(again.json().error.code).toBe('credential_revoked');
    const actions = (await call(admin, 'GET', '/audit')).json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['enrolment_code_issued', 'device_revoked']));
    expect(JSON.stringify((await call(admin, 'GET', '/audit')).json())).not.toContain(code.json().code);
  });

  it('adds staff with a PIN shown once that a counter verifies, resets and disables them', async () => {
    const admin = await twoStreets();
    const added = await call(admin, 'POST', '/stations/hm-1/staff', { id: 'wang', name: '王芳' });
    expect(added.statusCode).toBe(201);
    const { pin } = added.json();
    expect(pin).toMatch(/^\d{6}$/);
    const counter = await ctx.enrol('hm-1', { role: 'counter' });
    // The station's catalog already has its own staff: look for the one added here.
    const wangOf = async () =>
      (((await ctx.pullAll(counter, 'stations')).documents[0] as unknown as StationDoc).staff ?? []).find(
        (s) => s.id === 'wang',
      );
    const member = await wangOf();
    expect(member).toMatchObject({ id: 'wang', name: '王芳' });
    expect(await verifyPin(pin, member!.pin)).toBe(true);

    const reset = (await call(admin, 'POST', '/stations/hm-1/staff/wang/pin')).json();
    const after = await wangOf();
    expect(await verifyPin(reset.pin, after!.pin)).toBe(true);
    expect(await verifyPin(pin, after!.pin)).toBe(false);

    expect((await call(admin, 'DELETE', '/stations/hm-1/staff/wang')).statusCode).toBe(204);
    expect(await wangOf()).toBeUndefined();
    const log = JSON.stringify((await call(admin, 'GET', '/audit')).json());
    expect(log).not.toContain(member!.pin.hash);
    expect(log).toContain('staff_disabled');
  });

  it('exports a station catalog in the import format and imports it back', async () => {
    const admin = await twoStreets();
    const exported = await call(admin, 'GET', '/catalog/export?stationId=hm-1');
    const file = JSON.parse(exported.body);
    expect(file.format).toBe('doorstep-catalog/1');
    expect(file.services.map((s: { id: string; scope: string }) => `${s.scope}:${s.id}`).sort()).toEqual([
      'district:common',
      'station:hm-1-own',
    ]);
    const imported = await call(admin, 'POST', '/catalog/import', file);
    expect(imported.json().services).toMatchObject({ unchanged: 2 });
    const huamu = await session('huamu');
    // The file carries a district-wide item: a supervisor may not import it.
    expect((await call(huamu, 'POST', '/catalog/import', file)).statusCode).toBe(403);
    const yaml = await call(admin, 'GET', '/catalog/export?stationId=hm-1&format=yaml');
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    expect(yaml.body).toContain('format: doorstep-catalog/1');
  });

  it('serves the console with a strict CSP, long-lived hashed assets and a revalidated page', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await ctx.app.inject({ method: 'GET', url: '/console/assets/app-1234.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await ctx.app.inject({ method: 'GET', url: '/console/..%2f..%2fpackage.json' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/console' })).statusCode).toBe(301);
  });
});
