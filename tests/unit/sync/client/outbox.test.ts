import { describe, expect, it } from 'vitest';
import { Outbox, type KeyValueStorage } from '#client/outbox.ts';
import { backoffMs } from '#client/status.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('outbox (items waiting to upload)', () => {
  it('counts local writes until the district confirms them, and survives a restart', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage);
    const seen: number[] = [];
    outbox.changes.subscribe((n) => seen.push(n));
    outbox.add('tickets', 'a');
    outbox.add('tickets', 'b');
    outbox.add('tickets', 'a'); // written twice, still one item to upload
    outbox.add('needs', 'a');
    expect(outbox.size).toBe(3);

    const afterRestart = new Outbox(storage);
    expect(afterRestart.size).toBe(3);
    afterRestart.confirm('tickets', ['a', 'b', 'unknown']);
    expect(afterRestart.size).toBe(1);
    expect(new Outbox(storage).size).toBe(1);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('starts empty from damaged storage instead of failing', () => {
    const storage = memoryStorage();
    storage.setItem('doorstep.outbox', '{not json');
    for (let b = 0; b < 32; b++) storage.setItem(`doorstep.outbox.${b}`, b % 2 ? '{not json' : '[1, null]');
    expect(new Outbox(storage).size).toBe(0);
  });

  it('after a week offline, one more write stores a small part of the set, not all of it', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage);
    outbox.addMany(
      'tickets',
      Array.from({ length: 5_000 }, (_, i) => `ticket-${i}`),
    );
    const whole = JSON.stringify(outbox.waiting('tickets')).length;
    const written: number[] = [];
    const setItem = storage.setItem;
    storage.setItem = (k, v) => {
      written.push(v.length);
      setItem(k, v);
    };
    outbox.add('tickets', 'one-more');
    outbox.confirm('tickets', ['ticket-7']);
    expect(written).toHaveLength(2);
    for (const n of written) expect(n).toBeLessThan(whole / 10);
    expect(new Outbox(storage).size).toBe(5_000);
  });

  it('keeps the items an earlier version stored under one key', () => {
    const storage = memoryStorage();
    storage.setItem('doorstep.outbox', JSON.stringify(['tickets/a', 'needs/b']));
    const outbox = new Outbox(storage);
    expect(outbox.size).toBe(2);
    expect(outbox.waiting('tickets')).toEqual(['a']);
    outbox.confirm('tickets', ['a']);
    expect(new Outbox(storage).waiting('needs')).toEqual(['b']);
    expect(new Outbox(storage).size).toBe(1);
  });
});

describe('retry backoff', () => {
  it('waits longer after each failure, up to 30 s, with jitter around the base', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 6, 20].map((n) => backoffMs(n, mid))).toEqual([0, 1000, 2000, 4000, 30000, 30000]);
    expect(backoffMs(1, () => 0)).toBe(750);
    expect(backoffMs(1, () => 0.999)).toBeLessThanOrEqual(1250);
  });
});

describe('push chunking', () => {
  it('keeps every push request under the size limit, in order, losing nothing', async () => {
    const { bySize } = await import('#client/device-replication.ts');
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, pad: 'x'.repeat(1000 + i) }));
    const chunks = bySize(rows, 10_000);
    expect(chunks.flat()).toEqual(rows);
    for (const c of chunks) expect(JSON.stringify(c).length).toBeLessThanOrEqual(10_000);
    expect(bySize([], 10)).toEqual([]);
    expect(bySize([{ big: 'x'.repeat(100) }], 10)).toHaveLength(1);
  });
});
