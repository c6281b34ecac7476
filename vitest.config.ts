import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'],
    environment: 'node',
    // Server suites start PGlite and child processes; a loaded 2-core CI machine needs the headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
