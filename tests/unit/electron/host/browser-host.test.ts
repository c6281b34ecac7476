import { request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '#host/browser-host.ts';
import { KIOSK_API_PATH, KIOSK_SECRET_HEADER, KIOSK_SECRET_META, MAX_REQUEST_BYTES } from '#ipc/http-transport.ts';
import { collectingSink, useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();
const fixtureCatalog = fileURLToPath(new URL('../fixtures/mini-catalog.json', import.meta.url));
const INDEX = '<!doctype html><title>Doorstep kiosk</title>';
const hosts: BrowserHost[] = [];

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function start() {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), INDEX);
  await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(base, 'package.json'), '{"name":"secret"}');
  const host = await startBrowserHost({
    port: 0,
    dataDir: join(base, 'data'),
    rendererDir,
    demoCatalogPath: fixtureCatalog,
    stderr: collectingSink(),
  });
  hosts.push(host);
  return host;
}

/** The secret in the page the host serves, as the renderer's browser platform reads it. */
async function pageSecret(host: BrowserHost): Promise<string> {
  const html = await (await fetch(host.url)).text();
  const match = new RegExp(`<meta name="${KIOSK_SECRET_META}" content="([^"]+)">`).exec(html);
  if (!match) throw new Error(`no secret in the page: ${html}`);
  return match[1]!;
}

/** What a browser sends along with the kiosk page's own device API calls. */
async function pageHeaders(host: BrowserHost): Promise<Record<string, string>> {
  return { Origin: new URL(host.url).origin, [KIOSK_SECRET_HEADER]: await pageSecret(host) };
}

/** POSTs to the device API the way the renderer's browser platform does. */
async function callApi(host: BrowserHost, channel: string, body: string, headers?: Record<string, string>) {
  return fetch(new URL(KIOSK_API_PATH + channel, host.url), {
    method: 'POST',
    body,
    headers: headers ?? (await pageHeaders(host)),
  });
}

/** A raw request, so paths like /../x and forged headers reach the server unchanged. */
function rawRequest(
  host: BrowserHost,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  it('listens on loopback only', async () => {
    const host = await start();
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    await expect(
      startBrowserHost({
        port: 0,
        host: '0.0.0.0',
        dataDir: await tempDir(),
        rendererDir: '.',
        demoCatalogPath: fixtureCatalog,
      }),
    ).rejects.toThrow(/loopback/);
  });

  it('serves index.html at / with the CSP header', async () => {
    const host = await start();
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await response.text()).toMatch(
      new RegExp(
        `^<!doctype html><meta name="${KIOSK_SECRET_META}" content="[\\w-]{43}"><title>Doorstep kiosk</title>$`,
      ),
    );
  });

  it('serves assets with their content type', async () => {
    const host = await start();
    const response = await fetch(new URL('/assets/app.css', host.url));
    expect(response.headers.get('content-type')).toContain('text/css');
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json'])(
    'refuses traversal %s',
    async (path) => {
      const host = await start();
      const response = await rawRequest(host, path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('secret');
    },
  );

  it('answers config:get with the device config', async () => {
    const host = await start();
    const response = await callApi(host, 'config:get', JSON.stringify({ request: null }));
    const result = (await response.json()) as { ok: boolean; value: { deviceId: string } };
    expect(response.status).toBe(200);
    expect(result.ok).toBe(true);
    expect(result.value.deviceId).toEqual(expect.any(String));
    // The same config on the next call: it was stored, not made up per request.
    const again = (await (await callApi(host, 'config:get', '{}')).json()) as typeof result;
    expect(again.value.deviceId).toBe(result.value.deviceId);
  });

  it('answers the demo catalog and says it runs in browser mode', async () => {
    const host = await start();
    const catalog = (await (await callApi(host, 'catalog:loadDemo', '{"request":null}')).json()) as { ok: boolean };
    const info = (await (await callApi(host, 'app:getInfo', '{"request":null}')).json()) as {
      value: { runtime: string };
    };
    expect(catalog.ok).toBe(true);
    expect(info.value.runtime).toBe('browser');
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const host = await start();
    const response = await callApi(host, 'config:get', '{"request": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('answers an invalid request with 400 bad_request naming the field', async () => {
    const host = await start();
    const response = await callApi(
      host,
      'log:write',
      JSON.stringify({ request: { level: 'loud', module: 'm', message: 'x' } }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('level') },
    });
  });

  it('refuses a body over the limit with 413', async () => {
    const host = await start();
    const big = JSON.stringify({ request: { level: 'info', module: 'm', message: 'x'.repeat(MAX_REQUEST_BYTES) } });
    const response = await callApi(host, 'log:write', big);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('refuses an oversized body sent without a length (chunked) with 413', async () => {
    const host = await start();
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(new URL(KIOSK_API_PATH + 'log:write', host.url), {
      method: 'POST',
      body,
      headers: await pageHeaders(host),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers an unknown channel with an error', async () => {
    const host = await start();
    const response = await callApi(host, 'printer:selfDestruct', '{"request":null}');
    expect(response.ok).toBe(false);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses requests for another host name (DNS rebinding) and from other sites', async () => {
    const host = await start();
    expect((await rawRequest(host, '/', { Host: 'evil.example' })).status).toBe(403);
    // Even with the right secret (say, leaked): a call from another site is refused.
    const crossSite = await callApi(host, 'config:get', '{"request":null}', {
      ...(await pageHeaders(host)),
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers only calls that carry the secret of the page it served and its origin', async () => {
    const host = await start();
    const { origin } = new URL(host.url);
    const secret = await pageSecret(host);
    const refused: [string, Record<string, string>][] = [
      ['a local program: no Origin, no secret', {}],
      ['a local program that copied the secret but sends no Origin', { [KIOSK_SECRET_HEADER]: secret }],
      ['no secret', { Origin: origin }],
      ['a wrong secret', { Origin: origin, [KIOSK_SECRET_HEADER]: 'x'.repeat(secret.length) }],
      ['another local page', { Origin: 'http://127.0.0.1:1', [KIOSK_SECRET_HEADER]: secret }],
    ];
    for (const [why, headers] of refused) {
      // setup:setPin would hand the technician PIN to whoever asks first: the worst channel to leave open.
      const response = await callApi(
        host,
        'technician:setPin',
        JSON.stringify({ request: { pin: '123456' } }),
        headers,
      );
      expect(response.status, why).toBe(403);
      expect(await response.json(), why).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const state = await callApi(host, 'setup:getState', '{"request":null}', {
      Origin: origin,
      [KIOSK_SECRET_HEADER]: secret,
    });
    expect(state.status).toBe(200);
    expect(((await state.json()) as { value: { pinConfigured: boolean } }).value.pinConfigured).toBe(false);
  });

  it('makes a new secret at every start, and never lets the page be cached', async () => {
    const first = await start();
    const second = await start();
    expect(await pageSecret(first)).not.toBe(await pageSecret(second));
    expect((await fetch(first.url)).headers.get('cache-control')).toBe('no-store');
    const stale = await callApi(first, 'config:get', '{"request":null}', {
      Origin: new URL(first.url).origin,
      [KIOSK_SECRET_HEADER]: await pageSecret(second),
    });
    expect(stale.status).toBe(403);
  });

  it('stops listening on close', async () => {
    const host = await start();
    await hosts.pop()!.close();
    await expect(fetch(host.url)).rejects.toThrow();
  });
});
