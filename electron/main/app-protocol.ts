/**
 * The app's own origin `app://kiosk/`, served from the renderer build. A custom
 * privileged scheme (rather than file://) gives the renderer a stable origin for
 * IndexedDB, a secure context for crypto.subtle (RxDB needs it), and lets every
 * response carry the CSP header.
 */
import type { CustomScheme, Protocol } from 'electron';
import { securityHeaders } from '#security/csp.ts';
import { APP_SCHEME, isAppUrl } from '#security/url-policy.ts';
import type { Logger } from '#services/logger.ts';
import { readStaticFile } from '#services/static-files.ts';

/** How the app scheme is registered; must happen before the app is ready. */
export const APP_SCHEME_REGISTRATION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    // Behaves like http: real origin, relative URLs, storage (IndexedDB) allowed.
    standard: true,
    // A secure context, so crypto.subtle and persistent storage work.
    secure: true,
    // fetch() of app files, e.g. locale JSON.
    supportFetchAPI: true,
    // Range requests for <audio> (announcement sounds).
    stream: true,
    codeCache: true,
  },
};

/** Registers the app scheme as privileged. Call before `app.whenReady()`. */
export function registerAppScheme({ protocol }: { protocol: Pick<Protocol, 'registerSchemesAsPrivileged'> }): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_REGISTRATION]);
}

export interface AppRequestHandlerDeps {
  rendererDir: string;
  /** The Content-Security-Policy, or a function that gives it for each request (the peers it allows can change). */
  csp: string | (() => Promise<string>);
  logger: Pick<Logger, 'error'>;
}

/** The request handler of the app scheme: renderer files with the CSP, nothing else. */
export function createAppRequestHandler({
  rendererDir,
  csp,
  logger,
}: AppRequestHandlerDeps): (request: Request) => Promise<Response> {
  const fixed = typeof csp === 'string' ? securityHeaders(csp) : null;
  return async (request) => {
    const headers = fixed ?? securityHeaders(await (csp as () => Promise<string>)());
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers });
    if (!isAppUrl(request.url)) return new Response(null, { status: 404, headers });
    try {
      const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
      if (file.status !== 200) return new Response(null, { status: file.status, headers });
      const body = request.method === 'HEAD' ? null : new Uint8Array(file.body);
      return new Response(body, {
        status: 200,
        headers: { ...headers, 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' },
      });
    } catch (error) {
      logger.error('app protocol could not serve a file', { url: request.url, error });
      return new Response(null, { status: 500, headers });
    }
  };
}

/** Serves the app scheme from the renderer build. Call after the app is ready. */
export function installAppProtocol({
  protocol,
  ...deps
}: AppRequestHandlerDeps & { protocol: Pick<Protocol, 'handle'> }): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(deps));
}
