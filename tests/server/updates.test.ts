/**
 * Kiosk updates served by the district: a published release read back with
 * electron-updater's own parser and its own generic provider (over real HTTP),
 * artifacts byte for byte, staged rollout, and no way out of the update folder.
 * The routes do not touch the database, so one storage driver is enough.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import { findFile, parseUpdateInfo, type ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { runCli, type CliIo } from '#server/cli.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { compareVersions, publishUpdate } from '#server/updates/publish.ts';
import { DRIVERS, type Storage } from './helpers/drivers.ts';

const require = createRequire(import.meta.url);
const RELEASE_DATE = new Date('2026-11-28T02:00:00.000Z');
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

describe('kiosk updates', () => {
  let dir: string;
  let updatesDir: string;
  let storage: Storage;
  let repo: DistrictRepository;
  let app: FastifyInstance;
  let baseUrl: string;
  const appImage = { name: 'doorstep-kiosk-1.3.0-x86_64.AppImage', bytes: randomBytes(256 * 1024) };
  const deb = { name: 'doorstep-kiosk-1.3.0-amd64.deb', bytes: randomBytes(64 * 1024) };
  const SECRET = 'admin-token=do-not-serve-me';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorstep-updates-'));
    updatesDir = join(dir, 'updates');
    await mkdir(join(dir, 'build'));
    await writeFile(join(dir, 'build', appImage.name), appImage.bytes);
    await writeFile(join(dir, 'build', deb.name), deb.bytes);
    await writeFile(join(dir, 'secret.txt'), SECRET);
    storage = await (DRIVERS.find((d) => d.name === 'pglite') as (typeof DRIVERS)[number]).createStorage();
    repo = await storage.open();
    app = await buildApp({ repo, updatesDir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const publishLinux = (version: string, stagingPercentage?: number) =>
    publishUpdate({
      updatesDir,
      files: [join(dir, 'build', appImage.name), join(dir, 'build', deb.name)],
      version,
      channel: 'latest',
      ...(stagingPercentage !== undefined && { stagingPercentage }),
      now: () => RELEASE_DATE,
    });

  it("writes latest-linux.yml that electron-updater's own parser reads: version, base64 sha512, size, staging", async () => {
    await publishLinux('1.3.0', 20);
    const res = await app.inject({ method: 'GET', url: '/updates/latest/latest-linux.yml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');

    const info = parseUpdateInfo(res.body, 'latest-linux.yml', new URL(`${baseUrl}/updates/latest/latest-linux.yml`));
    expect(info).toEqual({
      version: '1.3.0',
      files: [
        { url: appImage.name, sha512: sha512(appImage.bytes), size: appImage.bytes.length },
        { url: deb.name, sha512: sha512(deb.bytes), size: deb.bytes.length },
      ],
      path: appImage.name,
      sha512: sha512(appImage.bytes),
      // A string, as electron-builder writes it — not a YAML timestamp that js-yaml would turn into a Date.
      releaseDate: RELEASE_DATE.toISOString(),
      stagingPercentage: 20,
    });
  });

  it("is found by electron-updater's generic provider over HTTP, with the artifact URL it will download", async () => {
    await publishLinux('1.3.0', 20);
    const previousArch = process.env.TEST_UPDATER_ARCH;
    // electron-updater picks latest-linux-<arch>.yml on other CPUs; this test is about x64.
    process.env.TEST_UPDATER_ARCH = 'x64';
    try {
      const runtime: ProviderRuntimeOptions = {
        isUseMultipleRangeRequest: false,
        platform: 'linux',
        executor: new NodeHttpExecutor() as unknown as ProviderRuntimeOptions['executor'],
      };
      // The only updater fields the generic provider reads.
      const updater = { channel: null, isAddNoCacheQuery: true } as unknown as ConstructorParameters<
        typeof GenericProvider
      >[1];
      const provider = new GenericProvider({ provider: 'generic', url: `${baseUrl}/updates/latest` }, updater, runtime);
      const info = await provider.getLatestVersion();
      expect(info).toMatchObject({ version: '1.3.0', stagingPercentage: 20 });

      const files = provider.resolveFiles(info);
      const appImageFile = findFile(files, 'AppImage', ['rpm', 'deb', 'pacman']);
      expect(appImageFile?.url.href).toBe(`${baseUrl}/updates/latest/${appImage.name}`);
      expect(findFile(files, 'deb')?.url.href).toBe(`${baseUrl}/updates/latest/${deb.name}`);

      const download = Buffer.from(await (await fetch(appImageFile?.url as URL)).arrayBuffer());
      expect(sha512(download)).toBe(appImageFile?.info.sha512);
    } finally {
      if (previousArch === undefined) delete process.env.TEST_UPDATER_ARCH;
      else process.env.TEST_UPDATER_ARCH = previousArch;
    }
  });

  it('serves an artifact byte for byte, and answers HEAD with its size', async () => {
    await publishLinux('1.3.0');
    const res = await app.inject({ method: 'GET', url: `/updates/latest/${appImage.name}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-length']).toBe(String(appImage.bytes.length));
    expect(res.headers['accept-ranges']).toBe('none');
    expect(res.rawPayload.equals(appImage.bytes)).toBe(true);

    const head = await app.inject({ method: 'HEAD', url: `/updates/latest/${deb.name}` });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(deb.bytes.length));
    expect(head.rawPayload.length).toBe(0);
  });

  it('refuses every way out of the update folder', async () => {
    await publishLinux('1.3.0');
    // A link planted in a channel folder, and a half-written copy (dotfile).
    await symlink(join(dir, 'secret.txt'), join(updatesDir, 'latest', 'secret.txt')).catch(() => undefined);
    await writeFile(join(updatesDir, 'latest', '.partial-abc-secret'), SECRET);
    const attempts = [
      '/updates/latest/..%2F..%2Fsecret.txt',
      '/updates/latest/%2e%2e%2fsecret.txt',
      '/updates/latest/..%5C..%5Csecret.txt',
      '/updates/..%2F..%2F/secret.txt',
      '/updates/latest/../../secret.txt',
      '/updates/%2e%2e/secret.txt',
      '/updates/latest/secret.txt',
      '/updates/latest/.partial-abc-secret',
      '/updates/latest/%00secret.txt',
    ];
    for (const url of attempts) {
      const res = await app.inject({ method: 'GET', url });
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain(SECRET);
      expect(res.json().error.code, url).toMatch(/^(invalid_request|not_found)$/);
    }
  });

  it('answers 404 for a missing file or channel', async () => {
    for (const url of ['/updates/latest/doorstep-kiosk-9.9.9-x86_64.AppImage', '/updates/beta/latest-linux.yml']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('answers 404 with the fix when the server has no update folder', async () => {
    const bare = await buildApp({ repo });
    try {
      const res = await bare.inject({ method: 'GET', url: '/updates/latest/latest-linux.yml' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toContain('--updates-dir');
    } finally {
      await bare.close();
    }
  });

  it('raises a staged rollout by publishing again, and never goes back to an older version', async () => {
    await publishLinux('1.3.0', 20);
    await publishLinux('1.3.0', 100);
    const text = await readFile(join(updatesDir, 'latest', 'latest-linux.yml'), 'utf8');
    expect(parseUpdateInfo(text, 'latest-linux.yml', new URL('http://x/'))).toMatchObject({
      version: '1.3.0',
      stagingPercentage: 100,
    });
    await expect(publishLinux('1.2.9')).rejects.toThrow(/already offers 1\.3\.0; devices never downgrade/);
    await expect(publishLinux('1.3.0-rc.1')).rejects.toThrow(/never downgrade/);
    await expect(publishLinux('1.3.0', 101)).rejects.toThrow(/0 to 100/);
  });

  it('writes latest.yml for the per-machine Windows installer, marked to run elevated', async () => {
    const exe = join(dir, 'build', 'doorstep-kiosk-1.3.0-x64.exe');
    await writeFile(exe, randomBytes(1024));
    const { content, channelFilePath } = await publishUpdate({
      updatesDir,
      files: [exe],
      version: '1.3.0',
      channel: 'pilot',
      now: () => RELEASE_DATE,
    });
    expect(channelFilePath).toBe(join(updatesDir, 'pilot', 'latest.yml'));
    expect(content.files[0]).toMatchObject({ url: 'doorstep-kiosk-1.3.0-x64.exe', isAdminRightsRequired: true });
  });

  it('compares versions the way semver does', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-beta.2', '1.2.0-beta.10', '1.2.0-alpha', '0.9.9'].sort(compareVersions)).toEqual([
      '0.9.9',
      '1.2.0-alpha',
      '1.2.0-beta.2',
      '1.2.0-beta.10',
      '1.2.0',
      '1.10.0',
    ]);
  });

  describe('the operator command', () => {
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: { LOG_LEVEL: 'silent', UPDATES_DIR: join(dir, 'cli-updates') },
      };
      const code = await runCli(args, io);
      return { code, out: out.join(''), err: err.join('') };
    };

    it('publishes with --version, --channel and --staging, into UPDATES_DIR', async () => {
      const res = await cli(
        'updates',
        'publish',
        join(dir, 'build', appImage.name),
        '--version',
        '1.3.0',
        '--channel',
        'latest',
        '--staging',
        '20',
      );
      expect(res).toMatchObject({ code: 0, err: '' });
      expect(res.out).toContain(
        `published 1.3.0 to ${join(dir, 'cli-updates', 'latest', 'latest-linux.yml')} (20% of devices)`,
      );
      expect(res.out).toContain(`sha512 ${sha512(appImage.bytes)}`);
      expect((await readFile(join(dir, 'cli-updates', 'latest', appImage.name))).equals(appImage.bytes)).toBe(true);
    });

    it('explains mistakes', async () => {
      expect(await cli('updates', 'publish', join(dir, 'build', appImage.name))).toMatchObject({
        code: 2,
        err: expect.stringContaining('missing --version'),
      });
      expect(await cli('updates', 'publish', join(dir, 'build', appImage.name), '--version', '1.3')).toMatchObject({
        code: 1,
        err: expect.stringContaining('semantic version'),
      });
      expect(
        await cli('updates', 'publish', join(dir, 'build', appImage.name), '--version', '1.3.0', '--channel', '../x'),
      ).toMatchObject({ code: 1, err: expect.stringContaining('--channel') });
      expect(await cli('updates', 'publish', join(dir, 'secret.txt'), '--version', '1.3.0')).toMatchObject({
        code: 1,
        err: expect.stringContaining('--platform'),
      });
      expect(
        await cli('updates', 'publish', join(dir, 'build', appImage.name), '--version', '1.3.0', '--arch', 'sparc'),
      ).toMatchObject({ code: 2 });
    });
  });

  it('uses the electron-updater whose internal modules it imports', () => {
    expect(require('electron-updater/package.json').version).toMatch(/^6\./);
  });
});
