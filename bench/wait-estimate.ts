/**
 * The wait estimator's error over many simulated days (tests/fixtures/wait-trial.ts):
 * median absolute error against the actual wait, how often the actual wait fell
 * inside the stated range, and how wide the range was, at three levels of load; then
 * the same with the estimator given only the latest k finished tickets per queue,
 * which is how MIN_SERVICE_SAMPLES was chosen.
 *   npm run bench:wait-estimate [-- --days 10]  (about 2–3 minutes on a loaded 2-core machine)
 */
import { parseArgs } from 'node:util';
import { MIN_SERVICE_SAMPLES } from '#protocol/wait-estimate.ts';
import { TRIAL_POLICY, describeFigures, figures, runTrial, stationPlan } from '#tests/fixtures/wait-trial.ts';

const { values } = parseArgs({ options: { days: { type: 'string', default: '10' } } });
const days = Number(values.days);

const started = performance.now();
for (const [label, load] of [
  ['quiet (≈60 % busy)', 0.7],
  ['busy (≈85 % busy)', 1],
  ['rush (≈100 % busy)', 1.15],
] as const) {
  // Runs of five days in a row, so every run starts with no history at all.
  const runs = Array.from({ length: Math.ceil(days / 5) }, (_, r) =>
    runTrial(
      Array.from({ length: 5 }, (_, d) => stationPlan(10_000 * (r + 1) + d, load)),
      TRIAL_POLICY,
    ),
  );
  const judged = runs.flatMap((r) => r.judged);
  console.log(describeFigures(`${days} days, ${label}`, figures(judged)));
}

console.log(
  `\nWith only the latest k finished tickets per queue (busy days; the device needs ${MIN_SERVICE_SAMPLES}):`,
);
for (const k of [5, 10, 20, 40]) {
  const plans = Array.from({ length: days }, (_, d) => stationPlan(20_000 + d));
  const f = runTrial(plans, TRIAL_POLICY, { keepLatest: k, minSamples: k });
  console.log(describeFigures(`k = ${k}`, f));
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
