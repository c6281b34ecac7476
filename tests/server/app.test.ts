/** Health, routing, protocol versioning and the shape of errors. */
import { expect, it, vi } from 'vitest';
import { PROTOCOL_HEADER } from '#protocol/api.ts';
import { buildApp } from '#server/app.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { ADMIN, bearer, useTestApp } from './helpers/fixtures.ts';

describeEachDriver('district app', (driver) => {
  const ctx = useTestApp(driver);

  it('reports health with the storage it uses', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', protocol: 1, storage: driver.name });
    expect(res.headers[PROTOCOL_HEADER]).toBe('1');
  });

  it('answers unknown paths with a JSON 404', async () => {
    for (const url of ['/nope', '/api/v1/nope', '/api/v1/replication/unknown/pull']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('answers another protocol version with 426, by path or by header', async () => {
    await ctx.createStation('s1');
    const device = await ctx.enrol('s1');
    for (const url of ['/api/v0/replication/tickets/pull', '/api/v2/devices/enrol']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: bearer(device) });
      expect(res.statusCode, url).toBe(426);
      expect(res.json().error).toMatchObject({
        code: 'protocol_version_unsupported',
        message: expect.stringContaining('protocol 1'),
      });
    }
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/tickets/pull',
      headers: { ...bearer(device), [PROTOCOL_HEADER]: '2' },
    });
    expect(res.statusCode).toBe(426);
    const ok = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/tickets/pull',
      headers: { ...bearer(device), [PROTOCOL_HEADER]: '1' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('never leaks the details of a server failure', async () => {
    await ctx.createStation('s1');
    const device = await ctx.enrol('s1');
    const spy = vi.spyOn(ctx.repo.replication, 'pull').mockRejectedValueOnce(new Error('password=hunter2 at 10.0.0.5'));
    try {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/replication/tickets/pull',
        headers: { ...bearer(device), 'x-request-id': 'req-42' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal_error', message: expect.stringContaining('req-42') } });
      expect(res.body).not.toContain('hunter2');
    } finally {
      spy.mockRestore();
    }
  });

  it('reports 503 when the database is unreachable', async () => {
    const spy = vi.spyOn(ctx.repo, 'ping').mockRejectedValueOnce(new Error('connection refused'));
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('unavailable');
      expect(res.body).not.toContain('refused');
    } finally {
      spy.mockRestore();
    }
  });

  it('turns the admin API off without a token', async () => {
    const app = await buildApp({ repo: ctx.repo });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: ADMIN });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('admin_disabled');
    } finally {
      await app.close();
    }
  });

  it('gives devices CORS, and the admin API none', async () => {
    await ctx.createStation('s1');
    const device = await ctx.enrol('s1');
    const origin = { origin: 'app://kiosk' };
    const pull = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/tickets/pull',
      headers: { ...bearer(device), ...origin },
    });
    expect(pull.headers['access-control-allow-origin']).toBe('*');
    const preflight = (url: string) =>
      ctx.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
      });
    expect((await preflight('/api/v1/replication/tickets/push')).headers['access-control-allow-origin']).toBe('*');

    const stations = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/admin/stations',
      headers: { ...ADMIN, ...origin },
    });
    expect(stations.statusCode).toBe(200);
    expect(stations.headers['access-control-allow-origin']).toBeUndefined();
    const adminPreflight = await preflight('/api/v1/admin/stations');
    expect(adminPreflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(adminPreflight.headers['access-control-allow-methods']).toBeUndefined();
  });
});
