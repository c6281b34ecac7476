/** The remembered device authentications: fewer database reads, and revocation still immediate. */
import { describe, expect, it } from 'vitest';
import { withDeviceAuthCache } from '#server/repositories/device-auth-cache.ts';
import type { AuthResult, DeviceRecord, DeviceRepository } from '#server/repositories/repository.ts';

const device: DeviceRecord = {
  id: 'd1',
  stationId: 's1',
  name: 'kiosk',
  role: 'kiosk',
  issuingSlot: 0,
  issuingSlots: 1,
  enrolledAt: '2026-11-01T00:00:00.000Z',
  revokedAt: null,
  lastSeenAt: null,
  appVersion: null,
};

/** A stand-in database: counts reads; `gate` holds a read open until released. */
function fakeDevices() {
  let revoked = false;
  let gate: Promise<void> | undefined;
  const state = { reads: 0 };
  const repo: DeviceRepository = {
    async authenticate(credential): Promise<AuthResult> {
      state.reads++;
      const answer: AuthResult =
        credential !== 'secret'
          ? { ok: false, reason: 'unknown' }
          : revoked
            ? { ok: false, reason: 'revoked' }
            : { ok: true, device };
      await gate;
      return answer;
    },
    list: async () => [device],
    noteStreaming: async () => undefined,
    async revoke() {
      revoked = true;
      return { ...device, revokedAt: '2026-11-02T00:00:00.000Z' };
    },
    forget() {},
    async noteAppVersion() {},
  };
  return {
    repo,
    state,
    revokeElsewhere: () => {
      revoked = true;
    },
    hold: () => {
      let release = () => {};
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('device authentication cache', () => {
  it('answers a known device from memory, and asks again after the time to live', async () => {
    let now = 0;
    const db = fakeDevices();
    const cached = withDeviceAuthCache(db.repo, { ttlMs: 60_000, now: () => now });
    expect(await cached.authenticate('secret')).toEqual({ ok: true, device });
    expect(await cached.authenticate('secret')).toEqual({ ok: true, device });
    expect(db.state.reads).toBe(1);
    now = 60_000;
    await cached.authenticate('secret');
    expect(db.state.reads).toBe(2);
  });

  it('never remembers an unknown credential (an enrolment may make it known)', async () => {
    const db = fakeDevices();
    const cached = withDeviceAuthCache(db.repo);
    await cached.authenticate('guess');
    await cached.authenticate('guess');
    expect(db.state.reads).toBe(2);
  });

  it('refuses at once a device revoked through it', async () => {
    const db = fakeDevices();
    const cached = withDeviceAuthCache(db.repo);
    await cached.authenticate('secret');
    await cached.revoke('d1');
    expect(await cached.authenticate('secret')).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a device revoked elsewhere once told (forget), by device or all at once', async () => {
    const db = fakeDevices();
    const cached = withDeviceAuthCache(db.repo);
    await cached.authenticate('secret');
    db.revokeElsewhere();
    cached.forget('other-device');
    expect((await cached.authenticate('secret')).ok).toBe(true);
    cached.forget('d1');
    expect(await cached.authenticate('secret')).toEqual({ ok: false, reason: 'revoked' });

    const again = fakeDevices();
    const all = withDeviceAuthCache(again.repo);
    await all.authenticate('secret');
    again.revokeElsewhere();
    all.forget();
    expect(await all.authenticate('secret')).toEqual({ ok: false, reason: 'revoked' });
  });

  it('does not keep an answer read before a revocation it was told of meanwhile', async () => {
    const db = fakeDevices();
    const cached = withDeviceAuthCache(db.repo);
    const release = db.hold();
    const reading = cached.authenticate('secret');
    // The read above saw the device active; the revocation lands while it is in flight.
    db.revokeElsewhere();
    cached.forget('d1');
    release();
    expect((await reading).ok).toBe(true);
    expect(await cached.authenticate('secret')).toEqual({ ok: false, reason: 'revoked' });
  });
});
