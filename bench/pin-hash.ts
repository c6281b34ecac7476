/**
 * What one staff PIN guess costs an attacker holding a counter's copy of the hashes:
 * the real verifyPin (PBKDF2-SHA256 at PIN_ITERATIONS) run back to back on one core,
 * and what that means for searching every 4- and 6-digit PIN.
 *   npm run bench:pin-hash
 */
import { PIN_ITERATIONS, hashPin, verifyPin } from '#client/staff-pin.ts';

const RUNS = Number(process.env.PIN_BENCH_RUNS ?? 10);
const DAY_S = 86_400;

const stored = await hashPin('482913');
await verifyPin('000000', stored); // warm-up
const start = performance.now();
for (let i = 0; i < RUNS; i++) await verifyPin(String(100000 + i), stored);
const perGuessMs = (performance.now() - start) / RUNS;

const search = (digits: number) => {
  const seconds = (10 ** digits * perGuessMs) / 1000;
  return `${(seconds / 3600).toFixed(1)} h (${(seconds / DAY_S).toFixed(2)} days), half of it on average`;
};
process.stdout.write(
  [
    `PBKDF2-SHA256, ${PIN_ITERATIONS.toLocaleString('en')} iterations, ${RUNS} guesses in a row on one core:`,
    `  per guess: ${perGuessMs.toFixed(1)} ms (a day for all 6-digit PINs needs at least 86.4 ms)`,
    `  all 4-digit PINs: ${search(4)}`,
    `  all 6-digit PINs: ${search(6)}`,
    `  one-core target met: ${perGuessMs >= 86.4 ? 'yes' : 'NO'}`,
    '',
  ].join('\n'),
);
