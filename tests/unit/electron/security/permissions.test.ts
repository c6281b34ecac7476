import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { decidePermission, KNOWN_PERMISSIONS, type KnownPermission } from '#security/permissions.ts';

// Compile-time: every permission Electron's handlers can pass is documented in the
// policy, so an Electron upgrade that adds one fails the typecheck here.
type Requested = Parameters<NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>>[1];
type Checked = Parameters<NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>>[1];
const everyPermissionDocumented: [Exclude<Requested | Checked, KnownPermission>] extends [never] ? true : false = true;

describe('permission policy', () => {
  it('documents Electron’s permissions', () => {
    expect(everyPermissionDocumented).toBe(true);
    expect(KNOWN_PERMISSIONS).toEqual(
      expect.arrayContaining(['media', 'geolocation', 'notifications', 'openExternal']),
    );
  });

  it.each(KNOWN_PERMISSIONS)('denies %s', (permission) => {
    expect(decidePermission(permission)).toBe(false);
  });

  it.each(['some-future-permission', '__proto__', 'hasOwnProperty', ''])(
    'denies unknown permission "%s"',
    (permission) => {
      expect(decidePermission(permission)).toBe(false);
    },
  );
});
