import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { installPermissionLock } from '#main/permission-lock.ts';

describe('permission lock', () => {
  it('denies permission requests, checks and device access', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    installPermissionLock({ session: session as unknown as Session, logger: { info: vi.fn() } });

    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (granted: boolean) => void,
    ) => void;
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (c: unknown, p: string) => boolean;
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (details: unknown) => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'usb', 'something-new']) {
      const callback = vi.fn();
      request(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check(null, permission)).toBe(false);
    }
    expect(device({ deviceType: 'usb' })).toBe(false);
  });
});
