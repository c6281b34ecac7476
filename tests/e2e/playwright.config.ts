import { defineConfig } from '@playwright/test';
import type { KioskTarget } from './support/targets.ts';

/**
 * One suite, two targets: the built renderer in Debian's Chromium (served by the
 * browser host, which runs the same device services as Electron's main process),
 * and the real Electron app through Playwright's _electron.launch wherever an
 * Electron binary exists. On machines without one, the Electron project's tests
 * are skipped and say why.
 */
export default defineConfig<{ target: KioskTarget }>({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Three at once on a 2-core machine: an e2e test mostly waits (on a district process,
  // sync, the idle timer, the voice), and one resident flow used 60 s of CPU in 174 s.
  workers: 3,
  retries: 0,
  reporter: [['list'], ['./support/summary-reporter.ts']],
  outputDir: '../../test-results',
  use: {
    trace: 'off',
    screenshot: 'only-on-failure',
    viewport: { width: 1920, height: 1080 },
    // A tap on something that never becomes tappable fails in 30 s with what it waited for,
    // instead of waiting out the test's whole timeout (one CI run lost 5 minutes so, with no cause shown).
    actionTimeout: 30_000,
  },
  projects: [
    { name: 'chromium', use: { target: 'chromium' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
