// @ts-check
/**
 * electron-builder afterPack hook: flips the Electron fuses of the packaged
 * binary (with @electron/fuses 1.8.0, the last line that runs on Node 20), then
 * reads them back and fails the build if any is not what was asked for. Fuses
 * are compiled-in switches that no flag, environment variable or file can turn
 * back on, so they close whole classes of "start the kiosk binary differently"
 * attacks by someone with a keyboard at the station.
 *
 * electron-builder runs afterPack before signing, the order fuses need
 * (flipping changes the binary, so it must not come after a signature).
 *
 * The fuse map (`kioskFuses`) is a pure export so tests check it without a
 * binary; build/after-pack-e2e.mjs reuses the hook for the Playwright build.
 * ESM rather than CommonJS so it needs no Node globals (the lint config gives
 * build/ none).
 */
import path from 'node:path';
import process from 'node:process';
import fuses from '@electron/fuses';

const { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } = fuses;

/** The @electron/fuses version this hook was written and tested against (fuse names and wire positions). */
export const FUSES_PACKAGE_VERSION = '1.8.0';

/** How a fuse's byte in the binary's fuse wire reads (Electron's own encoding). */
const FUSE_BYTE = { off: '0'.charCodeAt(0), on: '1'.charCodeAt(0), removed: 'r'.charCodeAt(0) };

/**
 * Platforms where Electron checks the embedded ASAR integrity hash: macOS since
 * Electron 16, Windows since 30 (electron-builder embeds the hash there). Linux
 * has no support in Electron 41 — and if a later Electron added it before
 * electron-builder embedded a hash for Linux, an enabled fuse would make the
 * app terminate at start. So it is on only where both sides support it. On
 * Linux the app files are protected by the install itself instead (deb:
 * root-owned /opt; AppImage: a read-only squashfs).
 */
export const ASAR_INTEGRITY_PLATFORMS = new Set(['darwin', 'mas', 'win32']);

/** The two builds: the kiosk as shipped, and the one Playwright drives. */
const VARIANTS = new Set(['production', 'e2e']);

/**
 * The fuses of a build, by @electron/fuses option name.
 * @param {{ platform: string, variant: 'production' | 'e2e' }} options
 * @returns {Record<string, boolean>}
 */
export function kioskFuses({ platform, variant }) {
  if (!VARIANTS.has(variant)) throw new Error(`unknown build variant "${variant}"`);
  return {
    // ELECTRON_RUN_AS_NODE=1 would turn the kiosk binary into a plain Node.js.
    RunAsNode: false,
    // Chromium's cookie store encrypted at rest with the OS keystore.
    EnableCookieEncryption: true,
    // NODE_OPTIONS=--require evil.js would run code in the main process.
    EnableNodeOptionsEnvironmentVariable: false,
    // --inspect / --inspect-brk would open a debugger into the main process.
    // Playwright's _electron.launch needs exactly that, hence the e2e build.
    EnableNodeCliInspectArguments: variant === 'e2e',
    EnableEmbeddedAsarIntegrityValidation: ASAR_INTEGRITY_PLATFORMS.has(platform),
    // Without it, a folder resources/app next to app.asar would be loaded instead.
    OnlyLoadAppFromAsar: true,
    // A separate V8 snapshot file for the browser process is one more file to trust; not used.
    LoadBrowserProcessSpecificV8Snapshot: false,
    // The app is served from app://kiosk/, never file://; file: gets no extra privileges.
    GrantFileProtocolExtraPrivileges: false,
  };
}

/**
 * The map as @electron/fuses' config object. Fuses newer than 1.8.0 knows are
 * left at Electron's defaults (strictlyRequireAllFuses off): 1.8.0 cannot name
 * them, and 2.x needs Node 22.
 * @param {Record<string, boolean>} map
 */
export function toFuseConfig(map) {
  /** @type {Record<number, boolean>} */
  const wire = {};
  for (const [name, value] of Object.entries(map)) {
    const index = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (FuseV1Options))[name];
    if (typeof index !== 'number')
      throw new Error(`@electron/fuses ${FUSES_PACKAGE_VERSION} has no fuse named ${name}`);
    wire[index] = value;
  }
  return /** @type {import('@electron/fuses').FuseConfig} */ ({
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    ...wire,
  });
}

/**
 * The packaged Electron binary, named the way electron-builder names it
 * (Linux: the packager's executableName; Windows: productFilename, which
 * `executableName` sets).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { executableName?: string, appInfo: { productFilename: string } } }} context
 */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'linux':
      if (!packager.executableName) throw new Error('the Linux packager has no executableName');
      return path.join(appOutDir, packager.executableName);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`no fuse support for platform "${electronPlatformName}"`);
  }
}

/**
 * Flips `map` in the binary and checks every fuse by reading the wire back: a
 * build that silently kept a fuse open must not ship.
 * @param {string} binaryPath
 * @param {Record<string, boolean>} map
 */
export async function flipAndVerify(binaryPath, map) {
  await flipFuses(binaryPath, toFuseConfig(map));
  const wire = /** @type {Record<string, unknown>} */ (await getCurrentFuseWire(binaryPath));
  const indexes = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (FuseV1Options));
  const wrong = [];
  for (const [name, wanted] of Object.entries(map)) {
    const state = wire[String(indexes[name])];
    // A fuse Electron has removed can no longer be set; what it guarded is gone with it.
    if (state === FUSE_BYTE.removed) continue;
    if (state !== (wanted ? FUSE_BYTE.on : FUSE_BYTE.off)) wrong.push(`${name} should be ${wanted ? 'on' : 'off'}`);
  }
  if (wrong.length) throw new Error(`fuses of ${binaryPath} are wrong after flipping: ${wrong.join(', ')}`);
}

/**
 * Applies the fuses of `variant` to the binary electron-builder just packed.
 * @param {Parameters<typeof electronBinaryPath>[0]} context
 * @param {'production' | 'e2e'} variant
 */
export async function applyKioskFuses(context, variant) {
  const map = kioskFuses({ platform: context.electronPlatformName, variant });
  const binary = electronBinaryPath(context);
  await flipAndVerify(binary, map);
  const summary = Object.entries(map)
    .map(([name, on]) => `${name}=${on ? 'on' : 'off'}`)
    .join(' ');
  // Next to electron-builder's own progress lines, where a technician looks for it.
  process.stdout.write(`  • fuses (${variant}) set on ${binary}: ${summary}\n`);
}

/**
 * The afterPack hook of the production build (electron-builder.yml).
 * @param {Parameters<typeof electronBinaryPath>[0]} context
 */
export async function afterPack(context) {
  await applyKioskFuses(context, 'production');
}
