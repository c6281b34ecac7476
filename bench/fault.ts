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
const o = result.outcome;
console.log(
  `fault run, seed ${seed}, ${minutes} min of faults on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ` +
    `${result.ticketsWritten} tickets, ${result.actionsAccepted} actions, ${result.deviceRestarts} device and ` +
    `${result.serverRestarts} district restarts; lost ${o.lost}, doubled ${o.doubled}, unexpected ${o.unexpected}, ` +
    `wrong history ${o.wrongHistory}, divergent devices ${o.divergentDevices}, colliding numbers ${o.collidingNumbers}, ` +
    `outbox non-empty ${o.outboxNonEmpty}`,
);
process.exit(result.problems.length ? 1 : 0);
