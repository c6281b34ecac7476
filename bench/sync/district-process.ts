/**
 * Child-process entry: runs one district server exactly as `sync/server/cli.ts
 * serve` does (startDistrictServer on PGlite or PostgreSQL, pino logger), so the
 * bench can read the server's own memory. Talks to the bench over IPC:
 *   → {type:'ready', url}        ← {type:'memory'} → {type:'memory', usage, gc, delay}
 * (`delay`: event-loop delay percentiles in ms since the previous reading)
 * Exits when the bench disconnects (also when the bench dies) or on SIGTERM.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from '#server/logger.ts';
import { startDistrictServer, type DistrictServer } from '#server/server.ts';
import { BENCH_LIMITS } from './util.ts';

const env = process.env;
let server: DistrictServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    try {
      await server?.close();
    } catch (error) {
      process.stderr.write(`district child: close failed: ${(error as Error).message}\n`);
    }
  }
  process.exit(code);
}

process.on('disconnect', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));

// How late the server's event loop ran since the last reading: a busy or stalled server shows here.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'memory') return;
  const delay = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  process.send?.({ type: 'memory', usage: process.memoryUsage(), gc: Boolean(gc), delay });
  loopDelay.reset();
});

try {
  server = await startDistrictServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    dataDir: env.BENCH_DATABASE_URL ? undefined : env.BENCH_DATA_DIR,
    schema: env.BENCH_SCHEMA || undefined,
    adminToken: env.BENCH_ADMIN_TOKEN,
    logger: createLogger({ level: env.BENCH_LOG_LEVEL ?? 'warn' }),
    limits: BENCH_LIMITS,
  });
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  process.stderr.write(`district child: could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
