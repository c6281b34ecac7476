/**
 * The long randomized fault run: `npm run fault:long -- --seed N --minutes M`
 * (PostgreSQL when DATABASE_URL is set, else PGlite). Prints the counts; exits 1
 * when the devices did not converge.
 */
import { parseArgs } from 'node:util';
import { runFaultScenario } from '#tests/server/helpers/fault-run.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, minutes: { type: 'string' } } });
const seed = Number(values.seed ?? Date.now() % 1_000_000);
const minutes = Number(values.minutes ?? 5);
const result = await runFaultScenario({
  seed,
  faultMs: minutes * 60_000,
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: (line) => console.log(line),
});
console.log(JSON.stringify(result, null, 2));
process.exit(result.problems.length ? 1 : 0);
