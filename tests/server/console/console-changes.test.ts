/**
 * Console changes on both drivers: the counters a staff member may sign in at
 * (checked against the station's counters, replicated to its counters, kept when
 * the station is edited), each device's reported app version (stored only when it
 * changes), and every change committed together with its audit row: when either
 * fails, neither lands.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { APP_VERSION_HEADER } from '#protocol/api.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { replicationPath } from '#protocol/wire-messages.ts';
import { describeEachDriver } from '#tests/server/helpers/drivers.ts';
import { bearer, stationDoc, useTestApp } from '#tests/server/helpers/fixtures.ts';

const consoleDir = mkdtempSync(join(tmpdir(), 'doorstep-console-'));
writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
process.env.CONSOLE_DIR = consoleDir;

const PASSWORD = 'correct horse battery';
const name = (n: number) => ({ 'zh-Hans': `${n} 号窗口`, 'zh-Hant': `${n} 號窗口`, en: `Window ${n}` });

/** A station with two counters, both serving both queues. */
function twoCounters(id: string): StationDoc {
  return {
    ...stationDoc(id),
    counters: [
      { id: '1', name: name(1), queues: ['A', 'B'] },
      { id: '2', name: name(2), queues: ['A', 'B'] },
    ],
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

describeEachDriver('console changes', (driver) => {
  const ctx = useTestApp(driver);
  let admin: Session;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeEach(async () => {
    await ctx.repo.db.query('TRUNCATE audit_log, operator_sessions, sign_in_failures, operators');
    await ctx.repo.operators.create({ username: 'admin', displayName: '区管理员', role: 'admin', password: PASSWORD });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/session',
      payload: { username: 'admin', password: PASSWORD },
    });
    admin = { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
    expect(
      (await call('POST', '/stations', { id: 'st-1', street: '花木街道', doc: twoCounters('st-1') })).statusCode,
    ).toBe(201);
  });

  const storedStation = async () => (await ctx.repo.consoleLists.station('st-1'))!.doc!;
  const auditActions = async () => (await ctx.repo.audit.list({})).entries.map((e) => e.action);
  const memberOf = async (device: EnrolResponse, id: string) =>
    ((await ctx.pullAll(device, 'stations')).documents[0] as unknown as StationDoc).staff?.find((s) => s.id === id);

  it('keeps the counters a staff member may use, only ones the station has, and sends them to its counters', async () => {
    const counter = await ctx.enrol('st-1', { role: 'counter' });

    const unknown = await call('POST', '/stations/st-1/staff', { id: 'wang', name: '王芳', counters: ['1', '9'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([expect.stringContaining('counter "9"')]);
    expect(await memberOf(counter, 'wang')).toBeUndefined();
    expect((await call('POST', '/stations/st-1/staff', { id: 'li', name: '李', counters: ['x y'] })).statusCode).toBe(
      400,
    );

    expect((await call('POST', '/stations/st-1/staff', { id: 'wang', name: '王芳', counters: ['1'] })).statusCode).toBe(
      201,
    );
    expect(await memberOf(counter, 'wang')).toMatchObject({ id: 'wang', counters: ['1'] });

    // Editing the station may not remove a counter someone is limited to: they would be locked out unseen.
    const withoutOne = { ...twoCounters('st-1'), counters: twoCounters('st-1').counters!.slice(1) };
    const removed = await call('PUT', '/stations/st-1', { doc: withoutOne });
    expect(removed.statusCode).toBe(400);
    expect(removed.json().error.details).toEqual([expect.stringContaining('staff.')]);
    expect((await storedStation()).counters).toHaveLength(2);
    // A station edit keeps the limits (staff are edited on their own screen).
    expect((await call('PUT', '/stations/st-1', { doc: twoCounters('st-1') })).statusCode).toBe(200);
    expect(await memberOf(counter, 'wang')).toMatchObject({ counters: ['1'] });

    // No counters ticked: every counter again, stored as no list at all.
    expect((await call('PUT', '/stations/st-1/staff/wang', { name: '王芳', counters: [] })).statusCode).toBe(200);
    const everywhere = await memberOf(counter, 'wang');
    expect(everywhere).toMatchObject({ id: 'wang', name: '王芳' });
    expect(everywhere).not.toHaveProperty('counters');
    // Renaming without a counter list leaves the limits as they are.
    await call('PUT', '/stations/st-1/staff/wang', { name: '王芳', counters: ['2'] });
    await call('PUT', '/stations/st-1/staff/wang', { name: '王 芳' });
    expect(await memberOf(counter, 'wang')).toMatchObject({ name: '王 芳', counters: ['2'] });
    const log = (await ctx.repo.audit.list({})).entries.filter((e) => e.action === 'staff_updated');
    expect(log[0]?.after).toMatchObject({ name: '王 芳', counters: ['2'] });
  });

  it("stores each device's app version, only when it changes, and ignores a malformed one", async () => {
    const counter = await ctx.enrol('st-1', { role: 'counter' });
    const pull = (version?: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `${replicationPath('stations', 'pull')}?limit=10`,
        headers: { ...bearer(counter), ...(version === undefined ? {} : { [APP_VERSION_HEADER]: version }) },
      });
    // xmin is the transaction that last wrote the row: unchanged means not written.
    const row = async () =>
      (
        await ctx.repo.db.query<{ app_version: string | null; xmin: string }>(
          'SELECT app_version, xmin::text AS xmin FROM devices WHERE id = $1',
          [counter.deviceId],
        )
      )[0]!;

    expect((await pull()).statusCode).toBe(200);
    expect((await row()).app_version).toBeNull();
    expect((await pull('1.4.0')).statusCode).toBe(200);
    const first = await row();
    expect(first.app_version).toBe('1.4.0');
    for (let i = 0; i < 3; i++) expect((await pull('1.4.0')).statusCode).toBe(200);
    expect((await row()).xmin).toBe(first.xmin);

    for (const bad of ['<script>', '1.4', 'x'.repeat(200), '1.4.0 ; drop table devices', '01.2.3.4'])
      expect((await pull(bad)).statusCode, bad).toBe(200);
    expect((await row()).app_version).toBe('1.4.0');

    expect((await pull('1.5.0-beta.1')).statusCode).toBe(200);
    expect((await row()).app_version).toBe('1.5.0-beta.1');
    const detail = (await call('GET', '/stations/st-1')).json();
    expect(detail.deviceList).toEqual([expect.objectContaining({ id: counter.deviceId, appVersion: '1.5.0-beta.1' })]);
  });

  it('lands a change and its audit row together or not at all', async () => {
    const before = await storedStation();
    const actions = await auditActions();
    // The audit insert fails: the staff member must not be added.
    await ctx.repo.db.query("ALTER TABLE audit_log ADD CONSTRAINT test_refuse_staff CHECK (action <> 'staff_added')");
    try {
      const res = await call('POST', '/stations/st-1/staff', { id: 'zhao', name: '赵磊' });
      expect(res.statusCode).toBe(500);
    } finally {
      await ctx.repo.db.query('ALTER TABLE audit_log DROP CONSTRAINT test_refuse_staff');
    }
    expect(await storedStation()).toEqual(before);
    expect(await auditActions()).toEqual(actions);

    // The change fails after its first step (the registry row): no station, no audit row.
    await ctx.repo.db.query("ALTER TABLE station_docs ADD CONSTRAINT test_refuse_station CHECK (id <> 'st-2')");
    try {
      const res = await call('POST', '/stations', { id: 'st-2', street: '花木街道', doc: twoCounters('st-2') });
      expect(res.statusCode).toBe(500);
    } finally {
      await ctx.repo.db.query('ALTER TABLE station_docs DROP CONSTRAINT test_refuse_station');
    }
    expect((await ctx.repo.stations.list()).map((s) => s.id)).toEqual(['st-1']);
    expect(await auditActions()).toEqual(actions);

    // Revoking a device: the revocation and its audit row, or neither.
    const kiosk = await ctx.enrol('st-1', { role: 'kiosk' });
    await ctx.repo.db.query(
      "ALTER TABLE audit_log ADD CONSTRAINT test_refuse_revoke CHECK (action <> 'device_revoked')",
    );
    try {
      expect((await call('POST', `/devices/${kiosk.deviceId}/revoke`)).statusCode).toBe(500);
    } finally {
      await ctx.repo.db.query('ALTER TABLE audit_log DROP CONSTRAINT test_refuse_revoke');
    }
    expect((await ctx.repo.devices.list({ stationId: 'st-1' }))[0]?.revokedAt).toBeNull();
    expect((await ctx.pull(kiosk, 'stations')).documents).toHaveLength(1);

    // And when nothing fails, both land.
    expect((await call('POST', '/stations/st-1/staff', { id: 'zhao', name: '赵磊' })).statusCode).toBe(201);
    expect((await storedStation()).staff?.some((m) => m.id === 'zhao')).toBe(true);
    expect(await auditActions()).toContain('staff_added');
  });
});
