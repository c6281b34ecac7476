/**
 * Cross-origin access for devices: the kiosk's page comes from `app://kiosk` (Electron)
 * or a loopback browser host, never from the district's own origin. Devices
 * authenticate with a bearer credential, not cookies, so any origin may call — the
 * credential, not the origin, is what grants access.
 *
 * The admin API (and anything else for operators) gets no CORS headers: an
 * operator's tools call it from the district's own origin or from a terminal,
 * and no web page elsewhere should be able to read its answers.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ADMIN_PREFIX, API_PREFIX, HEALTH_PATH } from '#protocol/api.ts';
import { STREAM_HEARTBEAT_HEADER } from '#protocol/wire-messages.ts';

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  // date: the device reports its clock's offset from the district's (sync/client/server-clock.ts).
  'access-control-expose-headers': `x-request-id, retry-after, date, ${STREAM_HEARTBEAT_HEADER}`,
} as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, x-doorstep-protocol, x-doorstep-app-version, x-request-id',
  'access-control-max-age': '600',
} as const;

/** Paths a device's page calls cross-origin: the versioned device API and the health check. */
export function isDevicePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (path === HEALTH_PATH) return true;
  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return false;
  return path.startsWith(`${API_PREFIX}/`);
}

const forDevices = (request: FastifyRequest) => isDevicePath(request.url);

export function installCors(app: FastifyInstance): void {
  // Preflights carry no credential; answer them before authentication runs.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] && forDevices(request)) {
      await reply.code(204).headers(PREFLIGHT_HEADERS).send();
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (forDevices(request)) reply.headers(CORS_HEADERS);
  });
}
