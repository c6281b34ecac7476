/**
 * Authentication hooks. A device is known only by its credential; the station it
 * may read and write comes from its enrolment, never from what it sends.
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { secretsEqual } from '#server/credentials.ts';
import { DomainError } from '#server/errors.ts';
import type { DeviceRecord, DistrictRepository } from '#server/repositories/repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated device; set by the device auth hook. */
    device: DeviceRecord | null;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export function installAuthDecorations(app: FastifyInstance): void {
  app.decorateRequest('device', null);
}

/** onRequest hook: runs before the body is read, so an unknown caller cannot make the server parse anything. */
export function deviceAuth(repo: DistrictRepository): onRequestAsyncHookHandler {
  return async (request) => {
    const credential = bearer(request);
    if (!credential) {
      throw new DomainError(
        401,
        'credential_missing',
        'send the device credential as "Authorization: Bearer <credential>"',
      );
    }
    const result = await repo.devices.authenticate(credential);
    if (!result.ok) {
      throw result.reason === 'revoked'
        ? new DomainError(
            401,
            'credential_revoked',
            'this device has been revoked by the district; enrol it again with a new code',
          )
        : new DomainError(
            401,
            'credential_unknown',
            'this device credential is not known to the district; enrol the device',
          );
    }
    request.device = result.device;
  };
}

/** The device of an authenticated request. */
export function deviceOf(request: FastifyRequest): DeviceRecord {
  if (!request.device) throw new Error('deviceOf() used on a route without device authentication');
  return request.device;
}

/** onRequest hook for the district operator's API. */
export function adminAuth(adminToken: string | undefined): onRequestAsyncHookHandler {
  return async (request) => {
    if (!adminToken)
      throw new DomainError(403, 'admin_disabled', 'the admin API is off; start the server with ADMIN_TOKEN set');
    const token = bearer(request);
    if (!token || !secretsEqual(token, adminToken)) {
      throw new DomainError(401, 'admin_token_invalid', 'send the admin token as "Authorization: Bearer <token>"');
    }
  };
}
