import { describe, expect, it } from 'vitest';
import {
  attemptUnlock,
  checkNewPin,
  hashPin,
  INITIAL_GUARD_STATE,
  sessionActive,
  verifyPin,
  type GuardState,
} from '#security/technician-pin-guard.ts';

const PIN = '482915';
const MIN = 60_000;

describe('technician PIN storage', () => {
  it('stores only a salted scrypt hash that verifies the PIN and nothing else', async () => {
    const stored = await hashPin(PIN);
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(PIN);
    expect(Buffer.from(stored.split('$').slice(-2).join(''), 'base64').toString('latin1')).not.toContain(PIN);
    expect(await verifyPin(PIN, stored)).toBe(true);
    expect(await verifyPin('482916', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
  });

  it('salts every hash, so equal PINs do not give equal hashes', async () => {
    const [a, b] = await Promise.all([hashPin(PIN), hashPin(PIN)]);
    expect(a).not.toBe(b);
  });

  it('rejects stored hashes that are malformed or ask for absurd scrypt costs', async () => {
    const stored = await hashPin(PIN);
    for (const bad of [
      '',
      PIN,
      stored.replace('ln=15', 'ln=30'),
      stored.replace('r=8', 'r=0'),
      stored.replace('$scrypt$', '$bcrypt$'),
      stored.slice(0, -8),
    ]) {
      expect(await verifyPin(PIN, bad), bad).toBe(false);
    }
  });

  it.each([
    ['12345', /6 to 12 digits/],
    ['12ab56', /6 to 12 digits/],
    ['1234567890123', /6 to 12 digits/],
    ['000000', /repeated/],
    ['123456', /run/],
    ['987654', /run/],
    ['890123', /run/],
  ])('refuses the weak PIN %s', async (pin, message) => {
    expect(checkNewPin(pin)).toMatch(message);
    await expect(hashPin(pin)).rejects.toThrow(message);
  });

  it('accepts an ordinary PIN', () => {
    expect(checkNewPin(PIN)).toBeNull();
    expect(checkNewPin('20261128')).toBeNull();
  });
});

describe('lockout', () => {
  let stored: string;
  const stateAfter = async (pins: string[], start: GuardState = INITIAL_GUARD_STATE, at = 0) => {
    let state = start;
    const outcomes: string[] = [];
    for (const pin of pins) {
      const result = await attemptUnlock(state, pin, stored, at);
      state = result.state;
      outcomes.push(result.outcome);
    }
    return { state, outcomes };
  };

  it('locks for 5 minutes after 5 wrong PINs, and does not even compare a PIN while locked', async () => {
    stored = await hashPin(PIN);
    const wrong = Array(5).fill('111112');
    const { state, outcomes } = await stateAfter(wrong);
    expect(outcomes).toEqual(['wrong-pin', 'wrong-pin', 'wrong-pin', 'wrong-pin', 'locked-out']);
    expect(state).toMatchObject({ lockouts: 1, lockedUntil: 5 * MIN, failedAttempts: 0 });

    const during = await attemptUnlock(state, PIN, stored, 4 * MIN);
    expect(during).toMatchObject({ outcome: 'locked-out', retryAfterMs: 1 * MIN });
    expect(during.state).toEqual(state);

    expect(await attemptUnlock(state, PIN, stored, 5 * MIN)).toMatchObject({
      outcome: 'unlocked',
      state: { lockouts: 0, lockedUntil: null, failedAttempts: 0 },
    });
  });

  it('counts down the attempts left', async () => {
    stored ??= await hashPin(PIN);
    const first = await attemptUnlock(INITIAL_GUARD_STATE, '000001', stored, 0);
    expect(first).toMatchObject({ outcome: 'wrong-pin', attemptsLeft: 4 });
  });

  it('never locks longer than the cap, even when the clock is set back', async () => {
    stored ??= await hashPin(PIN);
    const state: GuardState = { ...INITIAL_GUARD_STATE, lockouts: 1, lockedUntil: 10 * 24 * 60 * MIN };
    expect(await attemptUnlock(state, PIN, stored, 0)).toMatchObject({ outcome: 'locked-out', retryAfterMs: 60 * MIN });
  });

  it('never puts the PIN into the state it asks main to persist', async () => {
    stored ??= await hashPin(PIN);
    const { state } = await stateAfter(['000001', PIN]);
    expect(JSON.stringify(state)).not.toContain(PIN);
    expect(JSON.stringify(state)).not.toContain('000001');
    expect(Object.keys(state).sort()).toEqual(['failedAttempts', 'lockedUntil', 'lockouts', 'sessionUntil']);
  });

  it('answers no-pin-configured without a stored hash', async () => {
    expect(await attemptUnlock(INITIAL_GUARD_STATE, PIN, null, 0)).toMatchObject({ outcome: 'no-pin-configured' });
  });
});

describe('technician session', () => {
  const signedIn: GuardState = { ...INITIAL_GUARD_STATE, sessionUntil: 5 * MIN };

  it('opens with a correct PIN and closes on a wrong one', async () => {
    const stored = await hashPin(PIN);
    const right = await attemptUnlock(INITIAL_GUARD_STATE, PIN, stored, 0);
    expect(sessionActive(right.state, 1 * MIN)).toBe(true);
    const wrong = await attemptUnlock(right.state, '000001', stored, 1 * MIN);
    expect(sessionActive(wrong.state, 1 * MIN)).toBe(false);
  });

  it('ends after 5 minutes, and a clock set back cannot stretch it', () => {
    expect(sessionActive(signedIn, 4 * MIN)).toBe(true);
    expect(sessionActive(signedIn, 5 * MIN)).toBe(false);
    const farFuture: GuardState = { ...INITIAL_GUARD_STATE, sessionUntil: 1000 * MIN };
    expect(sessionActive(farFuture, 0)).toBe(false);
  });

  it('is closed while the guard is locked', () => {
    expect(sessionActive({ ...signedIn, lockouts: 1, lockedUntil: 5 * MIN }, 1 * MIN)).toBe(false);
  });
});
