/**
 * Cross-origin access for devices: the kiosk's page comes from `app://kiosk` (Electron)
 * or a loopback browser host, never from the district's own origin. Devices
 * authenticate with a bearer credential, not cookies, so any origin may call — the
 * credential, not the origin, is what grants access.
 */
import type { FastifyInstance } from 'fastify';

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-request-id',
} as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-doorstep-protocol, x-request-id',
  'access-control-max-age': '600',
} as const;

export function installCors(app: FastifyInstance): void {
  // Preflights carry no credential; answer them before authentication runs.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      await reply.code(204).headers(PREFLIGHT_HEADERS).send();
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(CORS_HEADERS);
  });
}
