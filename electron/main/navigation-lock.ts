/**
 * Keeps every web contents inside the app: no navigation or redirect away from
 * `app://kiosk/`, no new windows, no <webview>. Installed on `web-contents-created`
 * so it also covers contents created later. The decisions are the pure policies
 * in electron/security.
 */
import type { App, WebContents } from 'electron';
import { isAllowedNavigation } from '#security/url-policy.ts';
import { allowWebviewAttach, decideWindowOpen } from '#security/window-policy.ts';
import type { Logger } from '#services/logger.ts';

type LockLogger = Pick<Logger, 'warn'>;

/** URLs in the log are cut short: a data: URL can be megabytes. */
function forLog(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/** Applies the lock to one web contents. */
export function lockWebContents(contents: WebContents, logger: LockLogger): void {
  const guard = (what: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    logger.warn(`refused ${what}`, { url: forLog(event.url) });
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.setWindowOpenHandler((details) => {
    logger.warn('refused window.open', { url: forLog(details.url) });
    return decideWindowOpen(details);
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    if (allowWebviewAttach(params)) return;
    event.preventDefault();
    logger.warn('refused <webview>', { src: forLog(params.src ?? '') });
  });
}

/** Locks every web contents the app creates. Call before the first window. */
export function installNavigationLock({ app, logger }: { app: Pick<App, 'on'>; logger: LockLogger }): void {
  app.on('web-contents-created', (_event, contents) => lockWebContents(contents, logger));
}
