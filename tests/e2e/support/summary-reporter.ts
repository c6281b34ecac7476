/**
 * Prints one closing line, "N passed, N failed, N skipped", and the reasons for
 * skipped tests, so a skipped Electron target always says why.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private readonly reasons = new Map<string, number>();

  onTestEnd(test: TestCase, result: TestResult): void {
    // Figures a test measured (e.g. propagation time) are printed, so a run shows them.
    for (const a of test.annotations) {
      if (a.type === 'measure' && a.description) process.stdout.write(`  measured: ${test.title}: ${a.description}\n`);
    }
    if (result.status === 'skipped') {
      this.skipped++;
      for (const a of test.annotations) {
        if (a.type === 'skip' && a.description)
          this.reasons.set(a.description, (this.reasons.get(a.description) ?? 0) + 1);
      }
    } else if (result.status === 'passed') this.passed++;
    else if (test.outcome() === 'unexpected') this.failed++;
  }

  onEnd(): void {
    for (const [reason, count] of this.reasons) process.stdout.write(`skipped ${count}: ${reason}\n`);
    process.stdout.write(`e2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped\n`);
  }
}
