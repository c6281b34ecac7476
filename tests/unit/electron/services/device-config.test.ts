import { describe, expect, it } from 'vitest';
import { checkDeviceConfig, defaultDeviceConfig } from '#services/device-config.ts';

const valid = defaultDeviceConfig('device-1');

function problemsOf(data: unknown): string[] {
  const check = checkDeviceConfig(data);
  return check.ok ? [] : check.errors;
}

describe('device config validation', () => {
  it('accepts the defaults', () => {
    expect(checkDeviceConfig(valid)).toEqual({ ok: true, value: valid });
  });

  it.each([
    ['role', { role: 'printer' }],
    ['stationId', { stationId: '' }],
    ['deviceId', { deviceId: 'x'.repeat(65) }],
    ['issuingSlots', { issuingSlots: 11 }],
    ['issuingSlot', { issuingSlots: 2, issuingSlot: 2 }],
    ['districtUrl', { districtUrl: 'javascript:alert(1)' }],
    ['districtUrl', { districtUrl: 'https://user:pw@district.example' }],
    ['defaultLang', { defaultLang: 'fr' }],
    ['idleSeconds', { idleSeconds: 2.5 }],
    ['idleWarningSeconds', { idleWarningSeconds: 5 }],
  ])('names %s when it is wrong', (field, change) => {
    const problems = problemsOf({ ...valid, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}\\b`));
  });

  const enrolled = { ...valid, districtUrl: 'https://district.example' };

  it('accepts a hub address on an enrolled device, and the hub device itself', () => {
    expect(checkDeviceConfig({ ...enrolled, hubUrl: 'http://192.168.1.20:8788' }).ok).toBe(true);
    expect(checkDeviceConfig({ ...enrolled, hubUrl: 'http://127.0.0.1:8788', isHub: true }).ok).toBe(true);
  });

  it.each([
    ['hubUrl', { ...enrolled, hubUrl: 'ftp://192.168.1.20' }],
    ['hubUrl', { ...enrolled, hubUrl: 'http://admin:pw@192.168.1.20:8788' }],
    ['hubUrl', { ...enrolled, hubUrl: 'http://192.168.1.20:8788/api/v1' }],
    ['hubUrl', { ...enrolled, hubUrl: 'not an address' }],
    ['hubUrl', { ...enrolled, hubUrl: 8788 }],
    // A hub proves itself with the district's device list: without a district there is no hub to trust.
    ['hubUrl', { ...valid, hubUrl: 'http://192.168.1.20:8788' }],
    // The hub device syncs through its own hub, so it must know that address.
    ['hubUrl', { ...enrolled, isHub: true }],
    ['isHub', { ...enrolled, isHub: 'yes' }],
  ])('names %s when the hub setting is wrong', (field, data) => {
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}\\b`));
  });

  it('reads a file written before the hub settings existed as "no hub"', () => {
    const { hubUrl: _h, isHub: _i, ...older } = enrolled;
    expect(checkDeviceConfig(older)).toEqual({ ok: true, value: { ...enrolled, hubUrl: null, isHub: false } });
  });

  it('names unknown and missing fields', () => {
    const { idleSeconds: _dropped, ...withoutIdle } = valid;
    expect(problemsOf({ ...withoutIdle, idelSeconds: 90 })).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"idelSeconds"'),
        expect.stringContaining('idleSeconds is missing'),
      ]),
    );
  });

  it('refuses anything that is not an object', () => {
    for (const data of [null, [], 'config', 42]) expect(problemsOf(data)).toHaveLength(1);
  });
});
