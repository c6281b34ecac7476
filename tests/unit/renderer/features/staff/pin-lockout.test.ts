import { describe, expect, it } from 'vitest';
import {
  attemptsLeft,
  BASE_LOCK_MS,
  lockedFor,
  MAX_ATTEMPTS,
  recordFailure,
  recordSuccess,
} from '#renderer/features/staff/pin-lockout.ts';
import { hashPin, verifyPin } from '#client/staff-pin.ts';

function storage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('staff PIN lockout', () => {
  it('locks a member after 5 wrong PINs for 5 minutes, then longer each time', () => {
    const s = storage();
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      expect(recordFailure(s, 'wang', 1000)).toBe(0);
      expect(attemptsLeft(s, 'wang')).toBe(MAX_ATTEMPTS - i);
    }
    expect(recordFailure(s, 'wang', 1000)).toBe(BASE_LOCK_MS);
    expect(lockedFor(s, 'wang', 1000 + BASE_LOCK_MS - 1)).toBe(1);
    expect(lockedFor(s, 'wang', 1000 + BASE_LOCK_MS)).toBe(0);
    expect(lockedFor(s, 'li', 1000)).toBe(0); // others are not affected
    for (let i = 0; i < MAX_ATTEMPTS; i++) recordFailure(s, 'wang', 1000 + BASE_LOCK_MS);
    expect(lockedFor(s, 'wang', 1000 + BASE_LOCK_MS)).toBe(2 * BASE_LOCK_MS);
  });

  it('clears the count after a right PIN, and a reload does not reset a lock', () => {
    const s = storage();
    recordFailure(s, 'wang', 0);
    recordSuccess(s, 'wang');
    expect(attemptsLeft(s, 'wang')).toBe(MAX_ATTEMPTS);
    for (let i = 0; i < MAX_ATTEMPTS; i++) recordFailure(s, 'chen', 0);
    const reloaded = { getItem: s.getItem, setItem: s.setItem };
    expect(lockedFor(reloaded, 'chen', 1)).toBeGreaterThan(0);
  });
});

describe('staff PIN hashing', () => {
  it('verifies the right PIN only, and never stores the PIN itself', async () => {
    const stored = await hashPin('2468', 20_000);
    expect(JSON.stringify(stored)).not.toContain('2468');
    expect(await verifyPin('2468', stored)).toBe(true);
    expect(await verifyPin('2469', stored)).toBe(false);
    expect(await verifyPin('abcd', stored)).toBe(false);
    const again = await hashPin('2468', 20_000);
    expect(again.salt).not.toBe(stored.salt);
  });

  it('accepts the demo catalog staff PINs as documented', async () => {
    const { readFileSync } = await import('node:fs');
    const catalog = JSON.parse(
      readFileSync(new URL('../../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8'),
    ) as {
      station: { staff: { id: string; pin: { salt: string; hash: string; iterations: number } }[] };
    };
    const wang = catalog.station.staff.find((m) => m.id === 'wang-fang');
    expect(wang && (await verifyPin('1234', wang.pin))).toBe(true);
  });
});
