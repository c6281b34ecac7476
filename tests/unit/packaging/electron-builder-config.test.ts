/**
 * The packaging config, checked with electron-builder's own loader and schema
 * validator (app-builder-lib internals, hence the version pin), and the fuses
 * the afterPack hook sets — as a map, and flipped on a synthetic fuse wire with
 * @electron/fuses itself. No Electron binary is needed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import fuses from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The exports of build/after-pack.mjs (plain JavaScript, so typed here). */
interface AfterPackModule {
  FUSES_PACKAGE_VERSION: string;
  kioskFuses(options: { platform: string; variant: 'production' | 'e2e' }): Record<string, boolean>;
  toFuseConfig(map: Record<string, boolean>): Record<string | number, unknown>;
  electronBinaryPath(context: HookContext): string;
  applyKioskFuses(context: HookContext, variant: 'production' | 'e2e'): Promise<void>;
  afterPack(context: HookContext): Promise<void>;
}
interface HookContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}

const importHook = async (file: string) =>
  (await import(pathToFileURL(join(ROOT, 'build', file)).href)) as AfterPackModule;

/** electron-builder's debug logger, switched off (validateConfiguration only asks whether it is on). */
const quietDebugLogger = { isEnabled: false, data: new Map(), add() {}, save: async () => {} } as unknown as Parameters<
  typeof validateConfiguration
>[1];

/** Loads a config file exactly as the electron-builder CLI does (including `extends`). */
const load = (file: string): Promise<Configuration> => getConfig(ROOT, file, null);

const PRODUCTION_FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

describe('electron-builder configuration', () => {
  it('is checked with the app-builder-lib version whose internal validator this test calls', () => {
    // validateConfiguration lives at an internal path; a new version may move it. Re-check, then bump.
    expect(require('app-builder-lib/package.json').version).toBe('26.17.0');
  });

  it.each(['electron-builder.yml', 'electron-builder.e2e.yml'])(
    "%s passes electron-builder's own schema",
    async (file) => {
      const config = await load(file);
      await expect(validateConfiguration(config, quietDebugLogger)).resolves.toBeUndefined();
    },
  );

  it('packages only the build, in an asar, without node_modules, sources or source maps', async () => {
    const config = await load('electron-builder.yml');
    expect(config).toMatchObject({
      appId: 'cn.pudong.doorstep.kiosk',
      productName: '家门口服务站',
      executableName: 'doorstep-kiosk',
      asar: true,
      npmRebuild: false,
    });
    // Not "dist", which is where `npm run build` writes the app itself.
    expect(config.directories?.output).toBe('release');
    const filters = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(filters).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/*.cjs',
        'dist/renderer/**',
        'assets/**',
        '!node_modules/**',
        '!**/*.map',
        '!**/*.ts',
        '!tests/**',
      ]),
    );
    expect(config.artifactName).toMatch(/^[A-Za-z0-9._${}-]+$/);
  });

  it('builds an AppImage and a deb for Linux and a per-machine one-click NSIS installer for Windows', async () => {
    const config = await load('electron-builder.yml');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({
      category: 'Utility',
      maintainer: expect.stringContaining('@'),
      synopsis: expect.any(String),
    });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      perMachine: true,
      oneClick: true,
      runAfterFinish: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it("publishes for electron-updater's generic provider under the district's /updates/<channel>", async () => {
    const config = await load('electron-builder.yml');
    expect(config.publish).toEqual({
      provider: 'generic',
      url: 'https://district.example/updates/${channel}',
      channel: 'latest',
    });
    expect(config.afterPack).toBe('./build/after-pack.mjs');
  });

  it('keeps the e2e build apart: its own appId, output folder and fuse hook, and no update feed', async () => {
    const e2e = await load('electron-builder.e2e.yml');
    const production = await load('electron-builder.yml');
    expect(e2e).toMatchObject({
      appId: 'cn.pudong.doorstep.kiosk.e2e',
      afterPack: './build/after-pack-e2e.mjs',
      publish: null,
    });
    expect(e2e.directories?.output).toBe('release-e2e');
    // Everything else is inherited.
    expect(e2e.files).toEqual(production.files);
    expect(e2e.linux).toEqual(production.linux);
  });

  it("rejects an unknown key with electron-builder's own message and how to fix it", async () => {
    const config = await load('electron-builder.yml');
    const error = await validateConfiguration({ ...config, autoUpdate: true } as Configuration, quietDebugLogger).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain("configuration has an unknown property 'autoUpdate'");
    expect(error?.message).toContain('How to fix');
  });

  it('rejects an option in the wrong place', async () => {
    const config = await load('electron-builder.yml');
    const misplaced = { ...config, nsis: { ...config.nsis, maintainer: 'x' } } as Configuration;
    await expect(validateConfiguration(misplaced, quietDebugLogger)).rejects.toThrow(/configuration\.nsis/);
  });
});

describe('fuses (build/after-pack.mjs)', () => {
  it('uses the pinned @electron/fuses', async () => {
    const hook = await importHook('after-pack.mjs');
    expect(require('@electron/fuses/package.json').version).toBe(hook.FUSES_PACKAGE_VERSION);
  });

  it.each(['linux', 'win32'])('closes every code-loading door of the production build (%s)', async (platform) => {
    const hook = await importHook('after-pack.mjs');
    expect(hook.kioskFuses({ platform, variant: 'production' })).toEqual({
      ...PRODUCTION_FUSES,
      // Only where Electron checks it and electron-builder embeds the hash.
      EnableEmbeddedAsarIntegrityValidation: platform === 'win32',
    });
  });

  it('differs in the e2e build only by allowing --inspect, which Playwright needs', async () => {
    const hook = await importHook('after-pack.mjs');
    const production = hook.kioskFuses({ platform: 'linux', variant: 'production' });
    const e2e = hook.kioskFuses({ platform: 'linux', variant: 'e2e' });
    const changed = Object.keys(production).filter((k) => production[k] !== e2e[k]);
    expect(changed).toEqual(['EnableNodeCliInspectArguments']);
    expect(e2e.EnableNodeCliInspectArguments).toBe(true);
  });

  it("maps the fuses onto @electron/fuses' wire positions", async () => {
    const hook = await importHook('after-pack.mjs');
    const config = hook.toFuseConfig(hook.kioskFuses({ platform: 'win32', variant: 'production' }));
    const { FuseV1Options, FuseVersion } = fuses;
    expect(config).toEqual({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(() => hook.toFuseConfig({ NoSuchFuse: true })).toThrow(/no fuse named NoSuchFuse/);
    expect(() => hook.kioskFuses({ platform: 'linux', variant: 'staging' as 'e2e' })).toThrow(/unknown build variant/);
  });

  it('finds the binary where electron-builder puts it', async () => {
    const hook = await importHook('after-pack.mjs');
    const packager = { executableName: 'doorstep-kiosk', appInfo: { productFilename: 'doorstep-kiosk' } };
    expect(hook.electronBinaryPath({ appOutDir: '/out/linux-unpacked', electronPlatformName: 'linux', packager })).toBe(
      '/out/linux-unpacked/doorstep-kiosk',
    );
    expect(hook.electronBinaryPath({ appOutDir: '/out/win-unpacked', electronPlatformName: 'win32', packager })).toBe(
      '/out/win-unpacked/doorstep-kiosk.exe',
    );
  });

  describe('on a synthetic fuse wire', () => {
    const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'doorstep-fuses-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    /** A file laid out like an Electron binary's fuse section: sentinel, version 1, length, one byte per fuse. */
    async function fakeBinary(name: string, wire: string): Promise<string> {
      const file = join(dir, name);
      await writeFile(
        file,
        Buffer.concat([
          Buffer.from('\x7fELF…code…'),
          Buffer.from(SENTINEL),
          Buffer.from([1, wire.length]),
          Buffer.from(wire),
          Buffer.from('…more code'),
        ]),
      );
      return file;
    }
    const context = (platform: string) => ({
      appOutDir: dir,
      electronPlatformName: platform,
      packager: { executableName: 'doorstep-kiosk', appInfo: { productFilename: 'doorstep-kiosk' } },
    });

    it('flips the production fuses and leaves fuses it does not know alone', async () => {
      // Electron's defaults, plus a ninth fuse newer than @electron/fuses 1.8.0.
      const binary = await fakeBinary('doorstep-kiosk', '101100011');
      const { afterPack } = await importHook('after-pack.mjs');
      await afterPack(context('linux'));
      const bytes = await readFile(binary);
      const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
      expect(bytes.subarray(at, at + 9).toString()).toBe('010001001');
    });

    it('leaves --inspect on in the e2e build', async () => {
      await fakeBinary('doorstep-kiosk', '10110001');
      const { afterPack } = await importHook('after-pack-e2e.mjs');
      await afterPack(context('linux'));
      const wire = (await fuses.getCurrentFuseWire(join(dir, 'doorstep-kiosk'))) as unknown as Record<number, number>;
      expect(String.fromCharCode(...Array.from({ length: 8 }, (_, i) => wire[i] as number))).toBe('01010100');
    });

    it('fails the build when the binary cannot hold the fuses', async () => {
      await fakeBinary('doorstep-kiosk', '1011');
      const { afterPack } = await importHook('after-pack.mjs');
      await expect(afterPack(context('linux'))).rejects.toThrow(/not long enough/);
    });
  });
});
