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
