/**
 * Vitest's file order for two workers: the files known to take longest start first.
 *
 * Vitest already runs the longest files first when its results cache
 * (node_modules/.vite/vitest) holds their last durations, but a clean CI checkout has
 * no cache, and then Vitest orders by file size. The longest server suites are not
 * the largest files (the fault schedules and the real-process hub tests are mostly
 * waiting), so one of them could start last and leave one worker running alone for
 * minutes. Starting them first is longest-processing-time-first scheduling: the
 * short files fill in around them.
 *
 * The list is a hint, not a contract: a file missing from it runs in Vitest's own
 * order, after these. Figures are CI's, seconds, both database drivers.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SLOW_FILES: readonly string[] = [
  'tests/server/fault-convergence.test.ts', // 114 s
  'tests/server/fault-stall.test.ts', // 110 s
  'tests/server/hub-faults.test.ts', // 95 s
  'tests/server/hub-station.test.ts', // 74 s
  'tests/server/clock-set-back.test.ts',
  'tests/server/cli.test.ts',
  'tests/server/hub-failover.test.ts',
  'tests/server/console/reports.test.ts',
  'tests/server/console/overview.test.ts',
];

function rankOf(spec: TestSpecification): number {
  const path = spec.moduleId.replaceAll('\\', '/');
  const index = SLOW_FILES.findIndex((file) => path.endsWith(`/${file}`));
  return index < 0 ? SLOW_FILES.length : index;
}

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // A stable sort: files of equal rank keep Vitest's own order.
    return ordered
      .map((spec, index) => ({ spec, index, rank: rankOf(spec) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
