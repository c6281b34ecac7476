/**
 * Denies every web permission request and check, and every device (USB, HID,
 * serial) request, following electron/security/permissions.ts. The printer and
 * other hardware are reached only through main-process services.
 */
import type { Session } from 'electron';
import { decidePermission } from '#security/permissions.ts';
import type { Logger } from '#services/logger.ts';

type LockedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/** Installs the deny-all permission handlers on a session. */
export function installPermissionLock({
  session,
  logger,
}: {
  session: LockedSession;
  logger: Pick<Logger, 'info'>;
}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = decidePermission(permission);
    if (!granted) logger.info('denied a permission request', { permission });
    callback(granted);
  });
  // Checks are frequent and silent (e.g. feature detection): answer without logging.
  session.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  session.setDevicePermissionHandler(() => false);
}
