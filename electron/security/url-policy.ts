/**
 * Which URLs the kiosk may show. The app is served from its own privileged origin
 * `app://kiosk/` (electron/main/app-protocol.ts); that origin is the only place a
 * window may navigate to and the only origin whose frames may call the device API.
 * Everything else — http(s), file:, javascript:, data:, devtools:, chrome: … — is
 * refused, so a resident can never leave the app through a link.
 */

/** The app's custom scheme, registered as privileged before Electron is ready. */
export const APP_SCHEME = 'app';
/** The one host of the app scheme. */
export const APP_HOST = 'kiosk';
/** The app's origin, as a CSP or a person would write it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the kiosk window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether `url` belongs to the app's own origin. Parsed, never prefix-matched, so
 * `app://kiosk.evil/`, `app://kiosk@evil/` and `app://kiosk:1/` are all refused.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Whether a window may navigate to `url`: only within the app. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Whether an IPC call comes from a frame showing the app (a frame that navigated away gets no device access). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl);
}
