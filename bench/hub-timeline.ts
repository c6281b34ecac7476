/**
 * Where a kiosk → counter propagation spends its time (bench/hub.ts): each ticket's
 * path cut into phases by timestamps taken in one process — the requests the
 * devices' real clients make and the stream events they read (a wrapper around
 * fetch that only notes times and passes every byte on) and the hub's own commit
 * notification.
 */
import type { Db } from '#server/db/db.ts';

export interface TicketTimeline {
  written: number;
  pushStart?: number;
  committed?: number;
  /** The counter's stream delivered the event naming the ticket. */
  streamed?: number;
  pullStart?: number;
  pullEnd?: number;
  seen?: number;
}

export const PHASES = [
  ['kiosk write → its push sent', 'written', 'pushStart'],
  ['push → hub commit heard', 'pushStart', 'committed'],
  ['hub commit → counter stream event', 'committed', 'streamed'],
  ['stream event → counter replica', 'streamed', 'seen'],
  // Only when the counter pulls after the event (before 2026-12-01 it always did).
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

/** One chunk of a stream as it was read, with when. */
interface StreamChunk {
  credential: string;
  at: number;
  text: string;
}

const kindOf = (url: string) =>
  url.includes('/replication/stream')
    ? 'stream'
    : url.includes('/pull')
      ? 'pull'
      : url.includes('/push')
        ? 'push'
        : undefined;

/**
 * Wraps fetch to note when each push and pull of the given credentials starts and is
 * answered, and when each chunk of their live streams arrives (the bytes pass on unchanged).
 */
export function noteRequests(credentials: readonly string[]): {
  since(t: number, credential: string, kind: Noted['kind']): Noted | undefined;
  /** When the credential's stream first delivered a chunk containing `text`, at or after `t`. */
  streamed(t: number, credential: string, text: string): number | undefined;
  restore(): void;
} {
  const original = globalThis.fetch;
  const noted: Noted[] = [];
  const chunks: StreamChunk[] = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const credential = credentials.find((c) => auth === `Bearer ${c}`);
    const kind = kindOf(url);
    if (!credential || !kind) return original(input, init);
    if (kind === 'stream') {
      const response = await original(input, init);
      if (!response.body) return response;
      const decoder = new TextDecoder();
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            chunks.push({ credential, at: performance.now(), text: decoder.decode(chunk, { stream: true }) });
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    const entry: Noted = { credential, kind, start: performance.now() };
    noted.push(entry);
    const response = await original(input, init);
    // The answer is read by the caller; its body arrives with the headers on loopback.
    entry.end = performance.now();
    return response;
  };
  return {
    since: (t, credential, kind) => noted.find((n) => n.start >= t && n.credential === credential && n.kind === kind),
    streamed: (t, credential, text) =>
      chunks.find((c) => c.at >= t && c.credential === credential && c.text.includes(text))?.at,
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
    if (d.length === 0) return `  ${label.padEnd(36)} (never taken)`;
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
