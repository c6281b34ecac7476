/**
 * Enrolment and the transport policy: a packaged kiosk sends its one-time code to
 * a district on another machine only over https://, unless the technician allowed
 * plain http:// — and then the credential file remembers it (for updates).
 */
import { describe, expect, it, vi } from 'vitest';
import { enrolDevice } from '#services/enrolment.ts';
import type { DeviceCredential } from '#services/credential-store.ts';

const answer = {
  deviceId: 'd1',
  stationId: 's1',
  credential: 'dsk_x',
  issuingSlot: 0,
  issuingSlots: 1,
  role: 'kiosk',
};

function deps(packaged: boolean, allowInsecureHttp: boolean) {
  const saved: DeviceCredential[] = [];
  const fetch = vi.fn(async () => new Response(JSON.stringify(answer), { status: 201 }));
  return {
    saved,
    fetch,
    deps: {
      configStore: { update: vi.fn(async () => undefined) } as never,
      credentialStore: { save: async (c: DeviceCredential) => void saved.push(c) },
      fetch: fetch as unknown as typeof globalThis.fetch,
      transport: { packaged, allowInsecureHttp },
    },
  };
}

describe('enrolment transport', () => {
  it('refuses http:// to another machine from a packaged kiosk before sending the code anywhere', async () => {
    const d = deps(true, false);
    await expect(enrolDevice('http://10.0.0.5:8787', { code: 'AAAA' }, d.deps)).rejects.toMatchObject({
      code: 'district_insecure',
    });
    expect(d.fetch).not.toHaveBeenCalled();
    expect(d.saved).toEqual([]);
  });

  it('enrols over https://, or loopback http://, without remembering any allowance', async () => {
    for (const url of ['https://district.pudong.example', 'http://127.0.0.1:8787']) {
      const d = deps(true, false);
      await enrolDevice(url, { code: 'AAAA' }, d.deps);
      expect(d.saved[0]).not.toHaveProperty('allowInsecureHttp');
    }
  });

  it('enrols over http:// when the technician allowed it, and remembers that for updates', async () => {
    const d = deps(true, true);
    await enrolDevice('http://10.0.0.5:8787', { code: 'AAAA' }, d.deps);
    expect(d.fetch).toHaveBeenCalledWith('http://10.0.0.5:8787/api/v1/devices/enrol', expect.anything());
    expect(d.saved[0]).toMatchObject({ districtUrl: 'http://10.0.0.5:8787', allowInsecureHttp: true });
  });
});
