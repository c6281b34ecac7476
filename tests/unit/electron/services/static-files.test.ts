import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile, resolveStaticPath } from '#services/static-files.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();

async function site(): Promise<{ root: string; outside: string }> {
  const base = await tempDir();
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {};');
  const outside = join(base, 'secret.txt');
  await writeFile(outside, 'secret');
  return { root, outside };
}

describe('static files', () => {
  it('serves index.html for / and files with their content type', async () => {
    const { root } = await site();
    expect(await readStaticFile(root, '/')).toMatchObject({
      status: 200,
      contentType: expect.stringContaining('text/html'),
    });
    expect(await readStaticFile(root, '/assets/app.js')).toMatchObject({
      status: 200,
      contentType: expect.stringContaining('javascript'),
    });
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%5c..%5csecret.txt',
    '/./index.html',
    '/index.html%00.js',
  ])('refuses %s', async (path) => {
    const { root } = await site();
    expect(resolveStaticPath(path).ok).toBe(false);
    expect((await readStaticFile(root, path)).status).toBe(403);
  });

  it('answers 400 for broken percent-encoding', () => {
    expect(resolveStaticPath('/%E0%A4%A')).toEqual({ ok: false, status: 400 });
  });

  it('does not follow a symlink out of the folder', async () => {
    const { root, outside } = await site();
    await symlink(outside, join(root, 'leak.txt'));
    expect((await readStaticFile(root, '/leak.txt')).status).toBe(404);
  });

  it('answers index.html for a client-side route but 404 for a missing file', async () => {
    const { root } = await site();
    expect(await readStaticFile(root, '/display')).toMatchObject({
      status: 200,
      contentType: expect.stringContaining('text/html'),
    });
    expect((await readStaticFile(root, '/assets/missing.js')).status).toBe(404);
  });
});
