/**
 * BROWSER MODE: the same kiosk UI in an ordinary browser, for development, demos
 * and machines without the Electron binary. A loopback HTTP server serves the
 * renderer build (with the same CSP as Electron) and the device API at
 * `POST /kiosk-api/<channel>` through the same `dispatch` as Electron's IPC.
 *
 * Only loopback: the device API must never be reachable from the network. The Host
 * and Origin checks stop other web sites from calling it through the browser
 * (DNS rebinding, cross-site POST), and a secret made at each start, which only the
 * served page holds, stops everything else on the machine that did not load the page
 * (a script POSTing to the port, a page on another local port).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeviceResult } from '#ipc/contract.ts';
import type { DeviceErrorCode } from '#ipc/errors.ts';
import { KIOSK_API_PATH, KIOSK_SECRET_HEADER, KIOSK_SECRET_META, MAX_REQUEST_BYTES } from '#ipc/http-transport.ts';
import { dispatch } from '#ipc/validate.ts';
import { buildCsp, securityHeaders } from '#security/csp.ts';
import { createDeviceServices } from '#services/device-services.ts';
import { createStationHub, type StationHubDeps, type StationHubService } from '#services/station-hub.ts';
import type { Logger, TextSink } from '#services/logger.ts';
import { readStaticFile } from '#services/static-files.ts';

/** Host names that mean this machine only. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** A loopback address; anything else is refused. Default 127.0.0.1. */
  host?: string;
  dataDir: string;
  rendererDir: string;
  demoCatalogPath: string;
  /** Reported by 'app:getInfo'. */
  version?: string;
  /** Where readable log lines go; default process.stderr. */
  stderr?: TextSink;
  /** false: a device that is not enrolled opens the technician's setup instead of the demo kiosk. Default true. */
  demoMode?: boolean;
  /** Where this device's station hub listens when setup makes it the hub (default: all interfaces, port 8788). */
  hub?: Pick<StationHubDeps, 'port' | 'host' | 'hubOptions'>;
}

/** A running browser host. */
export interface BrowserHost {
  /** The address to open in a browser, e.g. http://127.0.0.1:5180/ */
  url: string;
  /** This device's station hub service (setup's "this device is the station hub"), already started if turned on. */
  stationHub: StationHubService | null;
  /** Stops accepting connections and resolves once the server is closed. */
  close(): Promise<void>;
}

/** The HTTP status for a device API answer; the body is the DeviceResult either way. */
const STATUS_BY_CODE: Partial<Record<DeviceErrorCode, number>> = {
  bad_request: 400,
  forbidden: 403,
  unknown_channel: 404,
  payload_too_large: 413,
  internal: 500,
};

function statusOf(result: DeviceResult<unknown>): number {
  // Domain failures (e.g. catalog_invalid) are answers, not transport errors: 200.
  return result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 200);
}

function failure(code: DeviceErrorCode, message: string): DeviceResult<never> {
  return { ok: false, error: { code, message } };
}

/** The page with the secret in its head, where the browser platform reads it. */
export function withSecret(html: Buffer, secret: string): Buffer {
  const meta = `<meta name="${KIOSK_SECRET_META}" content="${secret}">`;
  const text = html.toString('utf8');
  const head = /<head[^>]*>/i.exec(text);
  const at = head ? head.index + head[0].length : (/<!doctype[^>]*>/i.exec(text)?.[0].length ?? 0);
  return Buffer.from(text.slice(0, at) + meta + text.slice(at), 'utf8');
}

function sameSecret(sent: string | string[] | undefined, secret: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

type BodyRead = { ok: true; text: string } | { ok: false };

/** Reads a request body up to `limit` bytes; beyond that it stops keeping the bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { ok: false } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}

/** Starts the browser host. Resolves once it listens. */
export async function startBrowserHost({
  port,
  host = '127.0.0.1',
  dataDir,
  rendererDir,
  demoCatalogPath,
  version = '0.0.0-dev',
  stderr,
  demoMode = true,
  hub,
}: BrowserHostOptions): Promise<BrowserHost> {
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(`the browser host listens on loopback only (${LOOPBACK_HOSTS.join(', ')}), not on "${host}"`);
  }
  const services = createDeviceServices({
    dataDir,
    demoCatalogPath,
    appInfo: { version, runtime: 'browser' },
    demoMode,
    ...(stderr && { stderr }),
    stationHub: (deps) => createStationHub({ ...deps, ...hub }),
  });
  const logger = services.logger.child('browser-host');
  // Before the page is served: the device's own screens sync through it from their first start.
  await services.stationHub?.start();
  let headers: Record<string, string> = {};
  // Per request, because enrolling from the setup screen changes the district the page may talk to.
  const refreshHeaders = async () => {
    const { districtUrl, hubUrl } = await services.configStore.get();
    headers = securityHeaders(buildCsp({ districtUrl, hubUrl }));
  };
  await refreshHeaders();
  let allowedHosts = new Set<string>();
  // New at every start: a page served by an earlier run (or any other program) does not hold it.
  const secret = randomBytes(32).toString('base64url');

  function sendJson(
    res: ServerResponse,
    result: DeviceResult<unknown>,
    extra: Record<string, string> = {},
    status = statusOf(result),
  ): void {
    res.writeHead(status, {
      ...headers,
      ...extra,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(JSON.stringify(result));
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, failure('bad_request', 'the device API takes POST only'), { Allow: 'POST' }, 405);
      return;
    }
    // Browsers send Origin with every POST: none means no browser page, a foreign one another site.
    const origin = req.headers.origin;
    const fromKioskPage = origin !== undefined && origin.startsWith('http://') && allowedHosts.has(origin.slice(7));
    if (!fromKioskPage || !sameSecret(req.headers[KIOSK_SECRET_HEADER], secret)) {
      sendJson(res, failure('forbidden', 'the device API answers only the kiosk page this host served'), {
        Connection: 'close',
      });
      req.resume();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
      // Close the connection rather than read megabytes that will be thrown away.
      sendJson(res, failure('payload_too_large', `request bodies are limited to ${MAX_REQUEST_BYTES} bytes`), {
        Connection: 'close',
      });
      req.resume();
      return;
    }
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (!body.ok) {
      sendJson(res, failure('payload_too_large', `request bodies are limited to ${MAX_REQUEST_BYTES} bytes`));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      sendJson(res, failure('bad_request', 'the body must be JSON: {"request": …}'));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      sendJson(res, failure('bad_request', 'the body must be a JSON object: {"request": …}'));
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      sendJson(res, failure('bad_request', 'the channel name in the path is not valid percent-encoding'));
      return;
    }
    sendJson(res, await dispatch(services.handlers, channel, (parsed as { request?: unknown }).request, logger));
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(rendererDir, path);
    if (file.status !== 200) {
      res.writeHead(file.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${file.status}\n`);
      return;
    }
    const page = file.contentType.startsWith('text/html');
    const body = page ? withSecret(file.body, secret) : file.body;
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': body.length,
      // The page carries this start's secret: never reuse a stored copy.
      'Cache-Control': page ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await refreshHeaders();
    // A page on another site may resolve its own name to 127.0.0.1 (DNS rebinding); its Host header gives it away.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('403: unknown host\n');
      return;
    }
    // The raw path, not a parsed URL: URL parsing would quietly resolve '..' and hide an attack.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith(KIOSK_API_PATH)) await serveApi(req, res, path.slice(KIOSK_API_PATH.length));
    else await serveStatic(req, res, path);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error('request failed', { url: req.url, error });
      if (!res.headersSent)
        sendJson(res, failure('internal', 'The device could not answer. The details are in the device log.'));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`, `[::1]:${actualPort}`]);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`;
  logger.info('browser host listening', { url, dataDir, rendererDir });

  return {
    url,
    stationHub: services.stationHub,
    close: async () => {
      await closeServer(server, logger);
      await services.stationHub?.stop();
    },
  };
}

/** Stops accepting, lets running requests finish, and cuts idle keep-alive connections. */
function closeServer(server: ReturnType<typeof createServer>, logger: Pick<Logger, 'info'>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else {
        logger.info('browser host closed');
        resolve();
      }
    });
    server.closeIdleConnections();
    // Requests still running after a grace period are cut, so shutdown cannot hang.
    setTimeout(() => server.closeAllConnections(), 3000).unref();
  });
}
