import { describe, expect, it } from 'vitest';
import { isDevMode } from '#security/dev-mode.ts';

describe('development mode', () => {
  it('is on only for DOORSTEP_DEV=1 in a checkout, never in a packaged kiosk', () => {
    expect(isDevMode({ env: { DOORSTEP_DEV: '1' }, isPackaged: false })).toBe(true);
    expect(isDevMode({ env: { DOORSTEP_DEV: '1' }, isPackaged: true })).toBe(false);
    expect(isDevMode({ env: {}, isPackaged: false })).toBe(false);
    expect(isDevMode({ env: { DOORSTEP_DEV: 'true' }, isPackaged: false })).toBe(false);
  });
});
