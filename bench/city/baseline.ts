/**
 * Today's code for the side-by-side figures: the tree of a git revision (default:
 * where this branch left main) unpacked into a temp directory with `git archive`
 * (no worktree is registered), sharing this checkout's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onCleanup } from '#bench/sync/cleanup.ts';

export interface Baseline {
  root: string;
  revision: string;
  subject: string;
}

export function unpackBaseline(ref: string | undefined): Baseline {
  const repo = resolve(import.meta.dirname, '..', '..');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args])
      .toString()
      .trim();
  const revision = git('rev-parse', ref ?? git('merge-base', 'HEAD', 'main'));
  const root = mkdtempSync(join(tmpdir(), 'doorstep-city-baseline-'));
  onCleanup(`baseline tree ${root}`, () => rmSync(root, { recursive: true, force: true }));
  execFileSync('sh', ['-c', `git -C "${repo}" archive "${revision}" | tar -x -C "${root}"`]);
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  return { root, revision, subject: git('log', '-1', '--format=%h %s', revision) };
}
