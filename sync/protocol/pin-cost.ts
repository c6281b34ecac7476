/**
 * How expensive one staff PIN guess must be. A counter keeps its station's staff
 * PIN hashes so staff can sign in offline, so a stolen counter's copy can be
 * attacked offline: a 6-digit PIN has 10^6 values, and searching them all must
 * take more than a day on one core, i.e. more than 86.4 ms per guess.
 *
 * PBKDF2-SHA256 is what both runtimes have natively (Web Crypto in the renderer
 * and in Node). Measured with `npm run bench:pin-hash` on the project machine
 * (Node 20, OpenSSL): about 0.27 µs per iteration, so 600,000 iterations (also
 * OWASP's current figure for PBKDF2-SHA256) cost about 160 ms per guess — about
 * 45 hours for all 6-digit PINs on one core — and a sign-in at the counter waits
 * that long once. Runtime-free.
 */
export const PIN_ITERATIONS_MIN = 600_000;
