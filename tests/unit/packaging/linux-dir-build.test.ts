/**
 * A real electron-builder run (`--linux dir`, no installer tools needed) with a
 * stand-in for the Electron folder (`electronDist`): a file shaped like an
 * Electron binary's fuse section. It proves what a technician would install:
 * the asar holds the build and nothing else, the afterPack hook ran and set the
 * fuses, and the update feed is the generic provider. Needs `npm run build`
 * first (npm test builds before the unit tests); skipped without a build.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubEntryPath } from '#services/hub-process.ts';
import { parse as parseYaml } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const built = existsSync(join(ROOT, 'dist/electron/main.cjs')) && existsSync(join(ROOT, 'dist/renderer/index.html'));

/** Runs the electron-builder CLI; resolves with its exit code and output. */
function electronBuilder(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('electron-builder/cli.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!built)(`electron-builder --linux dir${built ? '' : ' (skipped: run "npm run build" first)'}`, () => {
  let dir: string;
  let appOutDir: string;
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorstep-dir-build-'));
    const fakeElectron = join(dir, 'electron-dist');
    await mkdir(join(fakeElectron, 'locales'), { recursive: true });
    await mkdir(join(fakeElectron, 'resources'));
    for (const locale of ['en-US', 'zh-CN', 'zh-TW', 'de', 'ja'])
      await writeFile(join(fakeElectron, 'locales', `${locale}.pak`), 'pak');
    // Electron's default fuses plus one newer than @electron/fuses 1.8.0 knows.
    await writeFile(
      join(fakeElectron, 'electron'),
      Buffer.concat([
        Buffer.from('\x7fELF stand-in '),
        Buffer.from(SENTINEL),
        Buffer.from([1, 9]),
        Buffer.from('101100011'),
      ]),
      { mode: 0o755 },
    );
    const out = join(dir, 'release');
    result = await electronBuilder([
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${fakeElectron}`,
      `-c.directories.output=${out}`,
    ]);
    appOutDir = join(out, 'linux-unpacked');
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('packs without errors', () => {
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('fuses (production) set on');
  });

  it('puts the build, and only the build, into app.asar', () => {
    const files = listPackage(join(appOutDir, 'resources', 'app.asar'), { isPack: false });
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/renderer/index.html',
        '/assets/catalog/demo-catalog.json',
      ]),
    );
    expect(
      files.filter((f) => /node_modules|\.map$|\.tsx?$|^\/(electron|renderer|sync|tests|scripts|bench)\//.test(f)),
    ).toEqual([]);
  });

  it('ships the station hub and its PGlite engine as plain files beside the asar, where main forks it', async () => {
    const unpacked = join(appOutDir, 'resources', 'app.asar.unpacked', 'dist', 'electron');
    expect((await readdir(unpacked)).sort()).toEqual(['hub.cjs', 'initdb.wasm', 'pglite.data', 'pglite.wasm']);
    expect(hubEntryPath(join(appOutDir, 'resources', 'app.asar'))).toBe(join(unpacked, 'hub.cjs'));
    // The packaged hub starts as a process of its own and answers the app's protocol.
    const hub = fork(join(unpacked, 'hub.cjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      const answer = new Promise((resolve) => hub.on('message', resolve));
      hub.send({ type: 'init', dataDir: dir, port: 0, host: '127.0.0.1', packaged: true, allowInsecureHttp: false });
      hub.send({ type: 'call', id: 1, method: 'running' });
      expect(await answer).toEqual({ type: 'result', id: 1, ok: true, value: null });
    } finally {
      hub.kill();
    }
  });

  it('names the binary doorstep-kiosk and flips its fuses', async () => {
    const bytes = await readFile(join(appOutDir, 'doorstep-kiosk'));
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
    // RunAsNode off, cookies encrypted, NODE_OPTIONS off, --inspect off, (no asar integrity on Linux),
    // asar only, no V8 snapshot, no file: privileges; the unknown ninth fuse untouched.
    expect(bytes.subarray(at, at + 9).toString()).toBe('010001001');
  });

  it('keeps only the Chromium locales the kiosk needs', async () => {
    expect((await readdir(join(appOutDir, 'locales'))).sort()).toEqual(['en-US.pak', 'zh-CN.pak', 'zh-TW.pak']);
  });

  it("embeds electron-updater's generic feed", async () => {
    const feed = parseYaml(await readFile(join(appOutDir, 'resources', 'app-update.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(feed).toMatchObject({
      provider: 'generic',
      url: 'https://district.example/updates/latest',
      channel: 'latest',
    });
  });
});
