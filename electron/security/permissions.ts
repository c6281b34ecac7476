/**
 * Web permissions: the kiosk grants none. Each permission Electron can ask about is
 * listed with why it stays denied, so granting one later is a deliberate, reviewed
 * change to this table rather than a default that slipped through. Requests and
 * checks for permissions not in the table are denied too.
 */

/**
 * Every permission Electron 41's session handlers can ask about, and whether the
 * kiosk allows it. All false.
 */
export const PERMISSION_POLICY = {
  // A public touch screen must not read what a previous user copied.
  'clipboard-read': false,
  'clipboard-sanitized-write': false,
  'deprecated-sync-clipboard-read': false,
  // No camera, microphone or screen capture on a resident-facing screen.
  media: false,
  'display-capture': false,
  'speaker-selection': false,
  // The window is fullscreen/kiosk by the main process; the page needs no say in it.
  fullscreen: false,
  pointerLock: false,
  keyboardLock: false,
  'window-management': false,
  // Location is the station's and comes from config, not from the browser.
  geolocation: false,
  // Nothing pops up over the UI (MIIT elder mode: no pop-ups).
  notifications: false,
  // Would let a page open other programs or sites.
  openExternal: false,
  // Idle is tracked by the app's own touch timer.
  'idle-detection': false,
  // Devices (printer, serial) are reached only through the main process's services.
  hid: false,
  serial: false,
  usb: false,
  midi: false,
  midiSysex: false,
  fileSystem: false,
  // DRM and cross-site storage have no use here.
  mediaKeySystem: false,
  'storage-access': false,
  'top-level-storage-access': false,
  unknown: false,
} as const satisfies Record<string, boolean>;

/** A permission name the policy documents. */
export type KnownPermission = keyof typeof PERMISSION_POLICY;

/** The permission names the policy documents, for diagnostics and tests. */
export const KNOWN_PERMISSIONS = Object.keys(PERMISSION_POLICY) as KnownPermission[];

/** Whether to grant a permission request or check. Unknown names are denied. */
export function decidePermission(permission: string): boolean {
  return Object.hasOwn(PERMISSION_POLICY, permission) ? PERMISSION_POLICY[permission as KnownPermission] : false;
}
