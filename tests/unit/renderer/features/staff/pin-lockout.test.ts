import { describe, expect, it } from 'vitest';
import { attemptStaffPin } from '#renderer/features/staff/pin-lockout.ts';
import { hashPin, verifyPin } from '#client/staff-pin.ts';

function storage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const MIN = 60_000;
const wrong = async () => false;
const right = async () => true;

describe('staff PIN lockout', () => {
  it('locks a member after 5 wrong PINs for 5 minutes, then longer each time; others are not affected', async () => {
    const s = storage();
    for (let left = 4; left >= 1; left--)
      expect(await attemptStaffPin(s, 'wang', 1000, wrong)).toEqual({ outcome: 'wrong-pin', attemptsLeft: left });
    expect(await attemptStaffPin(s, 'wang', 1000, wrong)).toEqual({ outcome: 'locked-out', retryAfterMs: 5 * MIN });
    // Locked: even the right PIN is not checked.
    expect(await attemptStaffPin(s, 'wang', 1000 + 5 * MIN - 1, right)).toMatchObject({ outcome: 'locked-out' });
    expect(await attemptStaffPin(s, 'li', 1000, right)).toEqual({ outcome: 'unlocked' });
    const later = 1000 + 5 * MIN;
    for (let i = 0; i < 4; i++) await attemptStaffPin(s, 'wang', later, wrong);
    expect(await attemptStaffPin(s, 'wang', later, wrong)).toEqual({ outcome: 'locked-out', retryAfterMs: 10 * MIN });
  });

  it('clears the count after a right PIN, and a reload does not reset a lock', async () => {
    const s = storage();
    await attemptStaffPin(s, 'wang', 0, wrong);
    await attemptStaffPin(s, 'wang', 0, right);
    expect(await attemptStaffPin(s, 'wang', 0, wrong)).toEqual({ outcome: 'wrong-pin', attemptsLeft: 4 });
    for (let i = 0; i < 5; i++) await attemptStaffPin(s, 'chen', 0, wrong);
    const reloaded = { getItem: s.getItem, setItem: s.setItem };
    expect(await attemptStaffPin(reloaded, 'chen', 1, right)).toMatchObject({ outcome: 'locked-out' });
  });

  it('counts two quick submits as two attempts', async () => {
    const s = storage();
    await Promise.all([attemptStaffPin(s, 'wang', 0, wrong), attemptStaffPin(s, 'wang', 0, wrong)]);
    expect(await attemptStaffPin(s, 'wang', 0, wrong)).toEqual({ outcome: 'wrong-pin', attemptsLeft: 2 });
  });

  it('keeps a lock written before the shared policy, and starts over from a damaged entry', async () => {
    const s = storage();
    s.setItem('doorstep.pin.wang', JSON.stringify({ failures: 0, lockouts: 1, lockedUntil: 5 * MIN }));
    expect(await attemptStaffPin(s, 'wang', 0, right)).toEqual({ outcome: 'locked-out', retryAfterMs: 5 * MIN });
    s.setItem('doorstep.pin.li', '{not json');
    expect(await attemptStaffPin(s, 'li', 0, wrong)).toEqual({ outcome: 'wrong-pin', attemptsLeft: 4 });
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
