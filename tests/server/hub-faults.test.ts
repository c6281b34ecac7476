/**
 * The randomised fault run (helpers/fault-run.ts) with a station hub: station s1's
 * devices sync through their hub, each over a LAN link of its own, the hub's uplink
 * over another; the run kills and restarts the hub, the district and devices, cuts
 * every pair apart (device↔hub, device↔district, hub↔district) and injects the
 * proxy's faults on every link. Afterwards every device and the hub must converge:
 * no ticket lost, doubled, divergent or colliding. Seeded and bounded.
 *   short (npm test): 12 s of faults;  FAULT_SEED=N to replay a seed
 *   long:  HUB_FAULT_MINUTES=10 npx vitest run tests/server/hub-faults.test.ts
 * Runs on PGlite, and with the district on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { expect, it } from 'vitest';
import { describeEachDriver, TEST_DATABASE_URL } from './helpers/drivers.ts';
import { runFaultScenario } from './helpers/fault-run.ts';

const seed = Number(process.env.FAULT_SEED ?? 20261211);
const minutes = Number(process.env.HUB_FAULT_MINUTES ?? 0);
const faultMs = minutes > 0 ? minutes * 60_000 : 12_000;

describeEachDriver('randomized faults with a station hub', (driver) => {
  it(`converges after faults (seed ${seed}, ${faultMs / 1000} s)`, { timeout: faultMs + 400_000 }, async () => {
    const result = await runFaultScenario({
      seed,
      faultMs,
      hub: true,
      databaseUrl: driver.name === 'postgres' ? TEST_DATABASE_URL : undefined,
      log: (line) => process.stdout.write(`hub fault run: ${line}\n`),
    });
    const o = result.outcome;
    process.stdout.write(
      `hub fault run [${driver.name}], seed ${seed}: ${result.ticketsWritten} tickets, ${result.actionsAccepted} actions, ` +
        `${result.deviceRestarts} device, ${result.hubRestarts} hub and ${result.serverRestarts} district restarts; ` +
        `faults ${JSON.stringify(result.faults)}; lost ${o.lost}, doubled ${o.doubled}, divergent ${o.divergentDevices}, ` +
        `colliding ${o.collidingNumbers} (unexpected ${o.unexpected}, wrong history ${o.wrongHistory}, ` +
        `outbox non-empty ${o.outboxNonEmpty})\n`,
    );
    expect(result.problems).toEqual([]);
    expect(result.outcome).toEqual({
      lost: 0,
      doubled: 0,
      unexpected: 0,
      wrongHistory: 0,
      divergentDevices: 0,
      collidingNumbers: 0,
      outboxNonEmpty: 0,
    });
    expect(result.ticketsWritten).toBeGreaterThan(0);
    expect(result.hubRestarts).toBeGreaterThan(0);
    expect(result.serverRestarts).toBeGreaterThan(0);
    expect(result.deviceRestarts).toBeGreaterThan(0);
    for (const pair of ['device-district', 'device-hub', 'hub-district']) {
      expect(result.faults[`partition ${pair}`]).toBeGreaterThan(0);
    }
  });
});
