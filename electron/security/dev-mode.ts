/**
 * Development mode (a normal window, devtools, debug logs, closable) is for a
 * developer's checkout only. A packaged kiosk ignores DOORSTEP_DEV: anyone who can
 * set an environment variable on a station must not get devtools in front of residents.
 */

/** Whether the app runs in development mode. */
export function isDevMode({
  env,
  isPackaged,
}: {
  env: Record<string, string | undefined>;
  isPackaged: boolean;
}): boolean {
  return !isPackaged && env.DOORSTEP_DEV === '1';
}
