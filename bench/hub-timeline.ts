/**
 * Where a kiosk → counter propagation spends its time (bench/hub.ts): each ticket's
 * path cut into phases by timestamps taken in one process — the requests the
 * devices' real clients make (a wrapper around fetch that only notes times) and
 * the hub's own commit notification.
 */
import type { Db } from '#server/db/db.ts';

export interface TicketTimeline {
  written: number;
  pushStart?: number;
  committed?: number;
  pullStart?: number;
  pullEnd?: number;
  seen?: number;
}

export const PHASES = [
  ['kiosk write → its push sent', 'written', 'pushStart'],
  ['push → hub commit heard', 'pushStart', 'committed'],
  ['hub commit → counter pull sent', 'committed', 'pullStart'],
  ['counter pull answered', 'pullStart', 'pullEnd'],
  ['answer → counter replica holds it', 'pullEnd', 'seen'],
] as const;

interface Noted {
  credential: string;
  kind: 'push' | 'pull';
  start: number;
  end?: number;
}

/** Wraps fetch to note when each push and pull of the given credentials starts and is answered. */
export function noteRequests(credentials: readonly string[]): {
  since(t: number, credential: string, kind: Noted['kind']): Noted | undefined;
  restore(): void;
} {
  const original = globalThis.fetch;
  const noted: Noted[] = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const credential = credentials.find((c) => auth === `Bearer ${c}`);
    const kind = url.includes('/pull') ? 'pull' : url.includes('/push') ? 'push' : undefined;
    if (!credential || !kind) return original(input, init);
    const entry: Noted = { credential, kind, start: performance.now() };
    noted.push(entry);
    const response = await original(input, init);
    // The answer is read by the caller; its body arrives with the headers on loopback.
    entry.end = performance.now();
    return response;
  };
  return {
    since: (t, credential, kind) => noted.find((n) => n.start >= t && n.credential === credential && n.kind === kind),
    restore: () => void (globalThis.fetch = original),
  };
}

const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

/** p50/p95/max of each phase, one line each. */
export function phaseTable(timelines: readonly TicketTimeline[]): string[] {
  return PHASES.map(([label, from, to]) => {
    const d = timelines
      .map((t) => (t[to] ?? NaN) - (t[from] ?? NaN))
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);
    return `  ${label.padEnd(36)} p50 ${q(d, 0.5).toFixed(1).padStart(6)}  p95 ${q(d, 0.95).toFixed(1).padStart(6)}  max ${(d.at(-1) ?? NaN).toFixed(1).padStart(6)} ms  (n ${d.length})`;
  });
}

/** Counts the statements and transactions a database runs, and the time they take, until stopped. */
export function busyMeter(db: Db): { stop(): { statements: number; ms: number } } {
  const { query, transaction } = db;
  let statements = 0;
  let ms = 0;
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      statements++;
      ms += performance.now() - start;
    }
  };
  db.query = (<R>(sql: string, params?: readonly unknown[]) =>
    timed(() => query.call(db, sql, params) as Promise<R[]>)) as Db['query'];
  db.transaction = (<T>(fn: Parameters<Db['transaction']>[0]) =>
    timed(() => transaction.call(db, fn) as Promise<T>)) as Db['transaction'];
  return {
    stop() {
      Object.assign(db, { query, transaction });
      return { statements, ms };
    },
  };
}
