/**
 * renderer/db's modules keep the outbox in `localStorage`, which Node lacks: an
 * in-memory stand-in, installed before those modules load (import this first).
 * Each test device keeps its own outbox as well; this one is only the renderer's.
 */
const data = new Map<string, string>();
const g = globalThis as { localStorage?: unknown };
g.localStorage ??= {
  getItem: (key: string) => data.get(key) ?? null,
  setItem: (key: string, value: string) => void data.set(key, String(value)),
  removeItem: (key: string) => void data.delete(key),
  clear: () => data.clear(),
  key: (i: number) => [...data.keys()][i] ?? null,
  get length() {
    return data.size;
  },
};
