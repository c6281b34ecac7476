import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    // Server suites start PGlite and child processes; a loaded 2-core CI machine needs the headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the CPUs: one worker on a 2-core CI
    // machine. Most server suites wait on child processes, sockets and PGlite, so two
    // files at once finish the suite sooner without starving either.
    maxWorkers: 2,
    // The longest files first, so a clean checkout (no results cache) does not end on one of them.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Renderer components, rendered into happy-dom with the real i18n, navigation and RxDB (memory storage).
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['tests/unit/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['tests/unit/renderer/support/dom-setup.ts'],
        },
      },
    ],
  },
});
