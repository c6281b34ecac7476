/**
 * bench:hub side by side with another checkout of the project (a baseline), on a
 * machine whose load moves: the two run in turn (A B A B …), each in its own
 * process, and the ratios are taken pair by pair, so a slower minute slows both
 * halves of a pair. Prints each run's headline and the median of the ratios.
 *   node --import tsx bench/hub-compare.ts --baseline /path/to/other/checkout [--pairs 3] [--tickets 200] [--offline 500]
 * The baseline checkout needs its own node_modules (a symlink to this one's works).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    pairs: { type: 'string', default: '3' },
    tickets: { type: 'string', default: '200' },
    offline: { type: 'string', default: '500' },
  },
});
if (!values.baseline) throw new Error('--baseline <checkout> is required');
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Run {
  p50: number;
  p95: number;
  catchUpS: number;
  lines: string[];
}

function run(cwd: string): Run {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/hub.ts', '--tickets', values.tickets!, '--offline', values.offline!],
    { cwd, encoding: 'utf8', timeout: 900_000 },
  );
  const text = `${result.stdout}`;
  const headline = /p50 ([\d.]+) ms, p95 ([\d.]+) ms/.exec(text);
  const catchUp = /district has all \d+ tickets in ([\d.]+) s/.exec(text);
  if (!headline || !catchUp) throw new Error(`bench:hub in ${cwd} printed no figures:\n${text}\n${result.stderr}`);
  return {
    p50: Number(headline[1]),
    p95: Number(headline[2]),
    catchUpS: Number(catchUp[1]),
    lines: text.split('\n').filter((l) => l.trim() && !l.startsWith('>')),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const ratios = { p50: [] as number[], p95: [] as number[], catchUp: [] as number[] };
const runOnce = (pair: number, label: string, cwd: string) => {
  out(`pair ${pair}, ${label} (load before ${loadavg()[0]!.toFixed(2)}):`);
  const r = run(cwd);
  for (const line of r.lines) out(`  ${line}`);
  return r;
};
for (let i = 1; i <= Number(values.pairs); i++) {
  const mine = runOnce(i, 'this checkout', process.cwd());
  const base = runOnce(i, 'baseline', values.baseline);
  ratios.p50.push(mine.p50 / base.p50);
  ratios.p95.push(mine.p95 / base.p95);
  ratios.catchUp.push(mine.catchUpS / base.catchUpS);
}
out(
  `measured: this / baseline, median of ${ratios.p50.length} pairs: p50 ×${median(ratios.p50).toFixed(2)}, ` +
    `p95 ×${median(ratios.p95).toFixed(2)}, catch-up ×${median(ratios.catchUp).toFixed(2)} ` +
    `(per pair p95 ${ratios.p95.map((r) => r.toFixed(2)).join(', ')}; load now ${loadavg()[0]!.toFixed(2)})`,
);
