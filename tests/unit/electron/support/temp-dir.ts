/** Temporary folders for tests that touch the file system, removed after each test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Registers cleanup and returns a function that makes a fresh empty folder. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    // Work a test started may still be writing (a main process's logger, the hub's start,
    // which main does not wait for): rm retries ENOTEMPTY instead of failing the test.
    await Promise.all(
      made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })),
    );
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doorstep-test-'));
    made.push(dir);
    return dir;
  };
}

/** A stderr stand-in that keeps what was written, so tests stay quiet and can read it. */
export function collectingSink(): { write(text: string): boolean; text(): string } {
  const chunks: string[] = [];
  return {
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}
