/**
 *   POST /stations/:id/enrolment-codes {role, issuingSlot, issuingSlots, expiresInHours?} → 201 code (shown once)
 *   GET  /devices/:id/refusals        → {refusals}  writes the district refused from this device
 *   POST /devices/:id/revoke          → device       its streams close, its credential stops working
 * The station's device list comes with GET /stations/:id.
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEVICE_ROLES, ENROLMENT_CODE_TTL_DAYS_DEFAULT, type DeviceRole } from '#protocol/enrolment.ts';
import { DomainError } from '#server/errors.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { changeableStation, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

const HOUR_MS = 3_600_000;

export const deviceRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  const deviceOf = async (id: string) => {
    const [device] = (await repo.devices.list()).filter((d) => d.id === id);
    if (!device) throw new DomainError(404, 'device_unknown', `no device "${id}"`);
    return device;
  };

  app.post<{
    Params: { id: string };
    Body: { role: DeviceRole; issuingSlot?: number; issuingSlots?: number; expiresInHours?: number };
  }>(
    '/stations/:id/enrolment-codes',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            role: { type: 'string', enum: [...DEVICE_ROLES] },
            issuingSlot: { type: 'integer', minimum: 0, maximum: 99 },
            issuingSlots: { type: 'integer', minimum: 1, maximum: 100 },
            expiresInHours: { type: 'integer', minimum: 1, maximum: 24 * 90 },
          },
          required: ['role'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const { role, issuingSlot = 0, issuingSlots = 1, expiresInHours } = request.body;
      const issued = await repo.audited(
        (tx) =>
          repo.enrolment.createCode(
            {
              stationId: station.id,
              role,
              issuingSlot,
              issuingSlots,
              ttlMs: (expiresInHours ?? ENROLMENT_CODE_TTL_DAYS_DEFAULT * 24) * HOUR_MS,
            },
            tx,
          ),
        ({ code: _code, ...withoutCode }) => ({
          actor: operator.username,
          action: 'enrolment_code_issued',
          targetType: 'station',
          targetId: station.id,
          stationId: station.id,
          before: null,
          // The code itself is a secret until used: the log keeps what it was for.
          after: withoutCode,
        }),
      );
      reply.code(201);
      return issued;
    },
  );

  app.get<{ Params: { id: string } }>('/devices/:id/refusals', async (request) => {
    const device = await deviceOf(request.params.id);
    await visibleStation(repo, operatorOf(request), device.stationId);
    return { refusals: await repo.refusals.list({ deviceId: device.id, limit: 100 }) };
  });

  app.post<{ Params: { id: string } }>('/devices/:id/revoke', async (request) => {
    const operator = operatorOf(request);
    const before = await deviceOf(request.params.id);
    await changeableStation(repo, operator, before.stationId);
    return repo.audited(
      (tx) => repo.devices.revoke(before.id, tx),
      (device) =>
        before.revokedAt === null
          ? {
              actor: operator.username,
              action: 'device_revoked',
              targetType: 'device',
              targetId: device.id,
              stationId: device.stationId,
              before,
              after: device,
            }
          : null,
    );
  });
};
