/**
 * Counts the replication client's HTTP calls in this process (wrapping global
 * fetch): how many pulls and pushes, and how long they took from request to
 * parsed headers (the rest is the client's own work).
 */
export interface OpStats {
  count: number;
  ms: number;
}

const stats = new Map<string, OpStats>();
let installed = false;

function opOf(url: string, init?: RequestInit): string {
  const m = /\/replication\/(?:([A-Za-z]+)\/)?(pull|push|stream)/.exec(url);
  if (!m) return `${init?.method ?? 'GET'} other`;
  return m[2] === 'stream' ? 'stream' : `${m[2]} ${m[1]}`;
}

export function installFetchStats(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const op = opOf(url, init);
    const started = performance.now();
    try {
      return await original(input, init);
    } finally {
      const s = stats.get(op) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += performance.now() - started;
      stats.set(op, s);
    }
  };
}

export function resetFetchStats(): void {
  stats.clear();
}

/** e.g. "pull tickets 21× (312 ms), push tickets 50× (2100 ms)"; only ops that ran. */
export function fetchStatsLine(filter: (op: string) => boolean = (op) => op !== 'stream'): string {
  return (
    [...stats.entries()]
      .filter(([op]) => filter(op))
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([op, s]) => `${op} ${s.count}× (${Math.round(s.ms)} ms)`)
      .join(', ') || 'none'
  );
}
