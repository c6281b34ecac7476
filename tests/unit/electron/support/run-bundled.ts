/**
 * Runs an Electron entry point (main or preload) the way the build ships it — one
 * esbuild CommonJS bundle — against a fake `electron` module. The real `electron`
 * package is never loaded, so this works on machines without the Electron binary.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { collectingSink } from './temp-dir.ts';

const appRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Bundles `entry` (relative to the repository) as scripts/build-electron.mjs does. */
export async function bundleEntry(entry: string): Promise<string> {
  const result = await build({
    absWorkingDir: appRoot,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Evaluates a bundle with `require('electron')` answered by `electron`, and a
 * `process` whose env, listeners and stderr belong to the run, not to the test runner.
 */
export function runBundle(
  code: string,
  electron: object,
  env: Record<string, string> = {},
): { stderr: ReturnType<typeof collectingSink> } {
  const realRequire = createRequire(import.meta.url);
  const fakeRequire = (id: string) => (id === 'electron' ? electron : realRequire(id));
  const stderr = collectingSink();
  const fakeProcess = new Proxy(process, {
    get(target, property) {
      if (property === 'env') return env;
      if (property === 'on') return vi.fn();
      if (property === 'stderr') return stderr;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const module = { exports: {} };
  // The bundle is our own build output, evaluated like Node would load a CommonJS file.
  new Function('require', 'module', 'exports', 'process', code)(fakeRequire, module, module.exports, fakeProcess);
  return { stderr };
}
