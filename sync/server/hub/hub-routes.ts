/**
 * What a station hub serves besides the ordinary replication API:
 *   POST /api/v1/hub/hello  {deviceId, nonce} → HubHello (no credential: the device checks the hub first)
 *   GET  /api/v1/hub/status → HubStatus (the device's credential)
 * The hello proof is keyed with what only the district and this station's hub
 * hold, the sha256 of the asking device's credential (sync/README.md).
 */
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { hubProofMessage, type HubHello, type HubHelloRequest, type HubStatus } from '#protocol/hub.ts';
import type { DeviceRole } from '#protocol/enrolment.ts';
import { DomainError } from '#server/errors.ts';
import { deviceAuth } from '#server/http/auth.ts';
import { errorResponses } from '#server/http/schemas.ts';
import { toIso } from '#server/repositories/rows.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { HubStore } from './hub-store.ts';
import type { UplinkState } from './uplink.ts';

/** The hub side of the app (buildApp's `hub` option). */
export interface HubSide {
  store: HubStore;
  uplink: () => Promise<UplinkState>;
}

/** The proof a device expects: HMAC-SHA256 keyed with the hex sha256 of its credential. */
export function hubProof(credentialHash: string, message: string): string {
  return createHmac('sha256', credentialHash).update(message, 'utf8').digest('base64url');
}

const helloBody = {
  type: 'object',
  properties: {
    deviceId: { type: 'string', minLength: 1, maxLength: 64 },
    nonce: { type: 'string', minLength: 16, maxLength: 128 },
  },
  required: ['deviceId', 'nonce'],
  additionalProperties: false,
} as const;

export const hubSideRoutes: FastifyPluginAsync<{ repo: DistrictRepository; hub: HubSide }> = async (
  app,
  { repo, hub },
) => {
  app.post<{ Body: HubHelloRequest }>(
    '/hello',
    { schema: { body: helloBody, response: errorResponses } },
    async (request): Promise<HubHello> => {
      const identity = await hub.store.identity();
      if (!identity) {
        throw new DomainError(
          503,
          'hub_not_ready',
          'this hub has not reached the district yet; it serves devices once it has the station',
        );
      }
      const key = await hub.store.credentialHashOf(request.body.deviceId);
      // An unknown or revoked device learns nothing about the station.
      if (!key) throw new DomainError(404, 'device_unknown', 'this hub does not serve that device');
      return {
        ...identity,
        proof: hubProof(key, hubProofMessage(request.body.nonce, identity.hubDeviceId, identity.stationId)),
      };
    },
  );

  await app.register(async (scope) => {
    scope.addHook('onRequest', deviceAuth(repo));
    scope.get('/status', { schema: { response: errorResponses } }, async (): Promise<HubStatus> => {
      const identity = await hub.store.identity();
      const state = await hub.uplink();
      const devices = await hub.store.servedDevices();
      return {
        stationId: identity?.stationId ?? '',
        hubDeviceId: identity?.hubDeviceId ?? '',
        districtConnected: state.districtConnected,
        waiting: state.waiting,
        lagMs: state.lagMs,
        lastContactAt: state.lastContactAt,
        devices: devices.map((d) => ({
          id: d.id,
          name: d.name,
          role: d.role as DeviceRole,
          lastSeenAt: d.last_seen_at === null ? null : toIso(d.last_seen_at),
        })),
      };
    });
  });
};
