/**
 * Everything the bench creates outside itself — temp directories, child processes,
 * servers — is registered here and removed at the end, on failure, and on
 * SIGINT/SIGTERM. Children are ended by their own pid only.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Task = { name: string; run: () => Promise<void> | void };

const tasks: Task[] = [];
let running: Promise<void> | undefined;

/** Registers a clean-up step; steps run last-registered first. Returns a function that runs it early (once). */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const task: Task = { name, run };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i < 0) return;
    tasks.splice(i, 1);
    await run();
  };
}

/** A fresh temp directory that is removed at clean-up. */
export function tempDir(label: string): { path: string; remove: () => Promise<void> } {
  const path = mkdtempSync(join(tmpdir(), `doorstep-bench-${label}-`));
  const remove = onCleanup(`temp dir ${path}`, () => rmSync(path, { recursive: true, force: true }));
  return { path, remove };
}

/** Ends a child: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function endChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Registers a child process to be ended at clean-up; returns the early-end function. */
export function trackChild(name: string, child: ChildProcess, graceMs?: number): () => Promise<void> {
  return onCleanup(`${name} (pid ${child.pid})`, () => endChild(child, graceMs));
}

/** Runs every registered step (each bounded to 15 s), newest first; safe to call twice. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (tasks.length) {
      const task = tasks.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(task.run),
          new Promise<void>((_, reject) => {
            timer = setTimeout(() => reject(new Error('took longer than 15 s')), 15_000);
          }),
        ]);
      } catch (error) {
        console.error(`clean-up of ${task.name} failed: ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  })();
  return running;
}

/** On SIGINT/SIGTERM: clean up, then exit with 130/143. */
export function cleanupOnSignals(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up…`);
      void cleanupAll().finally(() => process.exit(code));
    });
  }
}
