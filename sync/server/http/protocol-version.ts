/**
 * Devices in the field update at their own pace. One that speaks another protocol
 * version gets 426 and a message a technician can act on, instead of a confusing
 * 404 or, worse, a half-understood payload.
 */
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import { DomainError } from '#server/errors.ts';

function unsupported(asked: string): DomainError {
  return new DomainError(
    426,
    'protocol_version_unsupported',
    `this district server speaks protocol ${PROTOCOL_VERSION}, the device asked for ${asked}; update the kiosk software (or the server)`,
  );
}

export function installProtocolVersionCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    const asked = request.headers[PROTOCOL_HEADER];
    if (asked !== undefined && request.url.startsWith('/api/') && asked !== String(PROTOCOL_VERSION)) {
      throw unsupported(`version ${String(asked)}`);
    }
  });
  // Anything under /api/ that no route matched: another version → 426, this version → 404.
  app.all('/api/:version/*', async (request) => {
    const { version } = request.params as { version: string };
    if (version !== `v${PROTOCOL_VERSION}`) throw unsupported(`"${version}"`);
    throw new DomainError(404, 'not_found', `there is no ${request.method} ${request.url.split('?')[0]}`);
  });
}
