import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_REGISTRATION, createAppRequestHandler } from '#main/app-protocol.ts';
import { buildCsp } from '#security/csp.ts';
import { APP_ENTRY_URL, APP_SCHEME } from '#security/url-policy.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();
const INDEX = '<!doctype html><title>kiosk</title>';

async function handler() {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), INDEX);
  await writeFile(join(base, 'secret.txt'), 'secret');
  const csp = buildCsp();
  return { serve: createAppRequestHandler({ rendererDir, csp, logger: { error: vi.fn() } }), csp };
}

describe('app protocol', () => {
  it('registers a standard, secure scheme so IndexedDB and crypto.subtle work', () => {
    expect(APP_SCHEME_REGISTRATION).toMatchObject({ scheme: APP_SCHEME, privileges: { standard: true, secure: true } });
  });

  it('serves the renderer with the CSP header', async () => {
    const { serve, csp } = await handler();
    const response = await serve(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toBe(INDEX);
  });

  it('serves nothing for another host or outside the renderer folder', async () => {
    const { serve } = await handler();
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
    const escape = await serve(new Request('app://kiosk/..%2fsecret.txt'));
    expect(escape.status).toBeGreaterThanOrEqual(400);
    expect(await escape.text()).not.toContain('secret');
  });

  it('refuses writes', async () => {
    const { serve } = await handler();
    expect((await serve(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
