// Bundles the Electron main process, the preload and the station hub's process
// into dist/electron as CommonJS. The preload must be one file: a sandboxed
// preload can require only 'electron', so the IPC contract constants are inlined.
// 'electron' stays external — inside Electron it is a built-in module. Needs no
// Electron binary.
//
//   node scripts/build-electron.mjs                         # everything, into dist/electron
//   node scripts/build-electron.mjs --only=hub --outdir=DIR  # the hub alone (its tests build it this way)
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const option = (name) =>
  process.argv
    .slice(2)
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3);
const outDir = resolve(appDir, option('outdir') ?? join('dist', 'electron'));
const only = option('only');

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: appDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};

/**
 * PGlite finds its engine beside its own module (`new URL('./pglite.wasm',
 * import.meta.url)`), and a CommonJS bundle has no import.meta: the hub bundle's
 * import.meta.url is the bundle's own file URL instead, and the engine files are
 * copied beside it. Electron reads them from inside the app's asar like any file.
 */
const PGLITE_FILES = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];

const hub = {
  name: 'hub',
  entryPoints: ['electron/hub/hub-entry.ts'],
  outfile: join(outDir, 'hub.cjs'),
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: 'var __bundleFileUrl = require("node:url").pathToFileURL(__filename).href;' },
  // A native addon the package does not ship, needed only for operator passwords, which a hub never has.
  alias: { '@node-rs/argon2': './electron/hub/no-operator-passwords.ts' },
};

const bundles = [
  { name: 'main', entryPoints: ['electron/main/main.ts'], outfile: join(outDir, 'main.cjs') },
  { name: 'preload', entryPoints: ['electron/preload/preload.ts'], outfile: join(outDir, 'preload.cjs') },
  hub,
].filter((bundle) => !only || bundle.name === only);

async function copyPgliteFiles() {
  const pgliteDist = join(appDir, 'node_modules', '@electric-sql', 'pglite', 'dist');
  await mkdir(outDir, { recursive: true });
  await Promise.all(PGLITE_FILES.map((file) => copyFile(join(pgliteDist, file), join(outDir, file))));
}

try {
  const withHub = bundles.includes(hub);
  await Promise.all([
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `name` is this script's, not esbuild's
    ...bundles.map(({ name, ...bundle }) => build({ ...common, ...bundle })),
    ...(withHub ? [copyPgliteFiles()] : []),
  ]);
  const built = bundles.map((b) => b.outfile).join(', ');
  console.log(`built ${built}${withHub ? ` (+ ${PGLITE_FILES.join(', ')})` : ''}`);
} catch (error) {
  // esbuild has already printed its errors; anything else is shown here.
  if (!(error instanceof Error && 'errors' in error)) console.error(error);
  process.exit(1);
}
