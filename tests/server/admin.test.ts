/** The district operator's API: stations, devices, catalog import and service edits. */
import { expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { describeEachDriver } from './helpers/drivers.ts';
import { ADMIN, bearer, catalogFile, serviceDoc, stationDoc, useTestApp } from './helpers/fixtures.ts';

describeEachDriver('admin API', (driver) => {
  const ctx = useTestApp(driver);
  const admin = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = ADMIN,
  ) =>
    ctx.app.inject({
      method,
      url: `/api/v1/admin${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('needs the admin token', async () => {
    await ctx.createStation('s1');
    const device = await ctx.enrol('s1');
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-wrong-token' },
      bearer(device),
      { authorization: 'Basic eDp5' },
    ]) {
      const res = await admin('GET', '/stations', undefined, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('admin_token_invalid');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('creates and lists stations', async () => {
    const res = await admin('POST', '/stations', { id: 'pd-001', name: '花木街道 1 号站' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'pd-001', name: '花木街道 1 号站', createdAt: expect.any(String) });
    const dup = await admin('POST', '/stations', { id: 'pd-001', name: 'again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('station_exists');
    for (const id of ['', 'has space', '../etc', 'x'.repeat(65)]) {
      expect((await admin('POST', '/stations', { id, name: 'n' })).statusCode, id).toBe(400);
    }
    expect((await admin('GET', '/stations')).json().stations.map((s: { id: string }) => s.id)).toEqual(['pd-001']);
  });

  it('lists and revokes devices; a revoked credential stops working', async () => {
    await ctx.createStation('s1');
    await ctx.createStation('s2');
    const device = await ctx.enrol('s1');
    await ctx.enrol('s2');
    const listed = (await admin('GET', '/devices?stationId=s1')).json().devices;
    expect(listed).toEqual([
      expect.objectContaining({ id: device.deviceId, stationId: 's1', role: 'kiosk', revokedAt: null }),
    ]);
    expect((await admin('GET', '/devices')).json().devices).toHaveLength(2);

    const revoked = await admin('POST', `/devices/${device.deviceId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    // Revoking twice is harmless and keeps the first time.
    expect((await admin('POST', `/devices/${device.deviceId}/revoke`)).json().revokedAt).toBe(revoked.json().revokedAt);

    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/tickets/pull',
      headers: bearer(device),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('credential_revoked');
    const unknown = await admin('POST', '/devices/nope/revoke');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('device_unknown');
  });

  it('imports a catalog as JSON, then as YAML, writing only what changed', async () => {
    await ctx.createStation('s1');
    // A counter: the one role that receives the station's staff list.
    const device = await ctx.enrol('s1', { role: 'counter' });
    const file = catalogFile('s1', ['gov-1', 'gov-2'], ['own-1', 'own-2']);

    const first = await admin('POST', '/catalog', file);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      stationId: 's1',
      station: { inserted: 1, updated: 0, unchanged: 0, deleted: 0 },
      services: { inserted: 4, updated: 0, unchanged: 0, deleted: 0 },
    });
    const pulled = await ctx.pull(device, 'services');
    expect(pulled.documents.map((d) => [d.id, d.stationId])).toEqual([
      ['gov-1', ''],
      ['gov-2', ''],
      ['own-1', 's1'],
      ['own-2', 's1'],
    ]);
    expect((await ctx.pull(device, 'stations')).documents).toEqual([{ ...stationDoc('s1'), _deleted: false }]);

    // Same content again, in YAML, with one station item dropped and one renamed.
    const next = catalogFile('s1', ['gov-1', 'gov-2'], ['own-1']);
    next.services[2]!.name.en = 'Renamed';
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalog',
      headers: { ...ADMIN, 'content-type': 'application/yaml' },
      payload: toYaml(next),
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().services).toEqual({ inserted: 0, updated: 1, unchanged: 2, deleted: 1 });
    expect(second.json().station).toEqual({ inserted: 0, updated: 0, unchanged: 1, deleted: 0 });

    const changes = await ctx.pull(device, 'services', pulled.checkpoint);
    expect(changes.documents.map((d) => [d.id, d._deleted, (d.name as { en: string }).en])).toEqual([
      ['own-1', false, 'Renamed'],
      ['own-2', true, 'Service own-2'],
    ]);
  });

  it('rejects a bad catalog with every problem listed, and changes nothing', async () => {
    await ctx.createStation('s1');
    const before = await ctx.snapshot();
    const file = catalogFile('s1', ['gov-1'], ['own-1']);
    (file.services[0] as Record<string, unknown>).category = 'fun';
    (file.services[1] as Record<string, unknown>).colour = 'red';
    const res = await admin('POST', '/catalog', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_catalog');
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining('service #1 (id "gov-1"): category'),
        expect.stringContaining('unknown field "colour"'),
      ]),
    );

    const yaml = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalog',
      headers: { ...ADMIN, 'content-type': 'text/yaml' },
      payload: 'a: [1, 2',
    });
    expect(yaml.statusCode).toBe(400);
    expect(yaml.json().error.code).toBe('invalid_yaml');

    const unknownStation = await admin('POST', '/catalog', catalogFile('s9', ['gov-1'], []));
    expect(unknownStation.statusCode).toBe(404);
    expect(unknownStation.json().error.code).toBe('station_unknown');

    const nul = catalogFile('s1', ['gov-1'], []);
    nul.services[0]!.name.en = 'bad\u0000name';
    const nulRes = await admin('POST', '/catalog', nul);
    expect(nulRes.statusCode).toBe(400);
    expect(nulRes.json().error.code).toBe('invalid_text');
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('refuses to move a service between stations or to the district', async () => {
    await ctx.createStation('s1');
    await ctx.createStation('s2');
    await ctx.importCatalog(catalogFile('s1', [], ['shared-id']));
    const before = await ctx.snapshot();
    const res = await admin('POST', '/catalog', catalogFile('s2', ['shared-id'], []));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'service_station_mismatch',
      details: ['service "shared-id" belongs to station "s1"'],
    });
    const put = await admin('PUT', '/services/shared-id', serviceDoc('shared-id', 's2'));
    expect(put.statusCode).toBe(409);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('edits one service with PUT; devices pull the change', async () => {
    await ctx.createStation('s1');
    const device = await ctx.enrol('s1');
    const created = await admin('PUT', '/services/gov-9', serviceDoc('gov-9'));
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ service: serviceDoc('gov-9'), changed: true });
    const first = await ctx.pull(device, 'services');

    expect((await admin('PUT', '/services/gov-9', serviceDoc('gov-9'))).json().changed).toBe(false);
    expect((await ctx.pull(device, 'services', first.checkpoint)).documents).toEqual([]);

    const edited = serviceDoc('gov-9', '', {
      order: 5,
      scheduleNote: { 'zh-Hans': '周三医生', 'zh-Hant': '週三醫生', en: 'Doctor on Wednesdays' },
    });
    expect((await admin('PUT', '/services/gov-9', edited)).json().changed).toBe(true);
    expect((await ctx.pull(device, 'services', first.checkpoint)).documents).toEqual([{ ...edited, _deleted: false }]);
  });

  it('validates service edits', async () => {
    await ctx.createStation('s1');
    const before = await ctx.snapshot();
    const cases: [string, unknown, string][] = [
      ['/services/a', serviceDoc('b'), 'invalid_request'],
      ['/services/a', { ...serviceDoc('a'), extra: 1 }, 'invalid_request'],
      ['/services/a', { ...serviceDoc('a'), order: '1' }, 'invalid_request'],
      ['/services/a', { ...serviceDoc('a'), _deleted: false }, 'invalid_request'],
      ['/services/a', serviceDoc('a', 'nowhere'), 'station_unknown'],
    ];
    for (const [url, body, code] of cases) {
      const res = await admin('PUT', url, body);
      expect(res.json().error?.code, JSON.stringify(body).slice(0, 80)).toBe(code);
    }
    expect(await ctx.snapshot()).toEqual(before);
  });
});
