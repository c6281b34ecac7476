// Bundles the Electron main process and the preload into dist/electron as CommonJS.
// The preload must be one file: a sandboxed preload can require only 'electron',
// so the IPC contract constants are inlined. 'electron' stays external — inside
// Electron it is a built-in module. Needs no Electron binary.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));

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

const bundles = [
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' },
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' },
];

try {
  await Promise.all(bundles.map((bundle) => build({ ...common, ...bundle })));
  console.log(`built ${bundles.map((b) => b.outfile).join(', ')}`);
} catch {
  // esbuild has already printed the errors.
  process.exit(1);
}
