/** POST /api/v1/devices/enrol: a technician's one-time code becomes a device credential. */
import type { FastifyPluginAsync } from 'fastify';
import { ENROL_PATH } from '#protocol/api.ts';
import { DEVICE_ROLES, type EnrolRequest, type EnrolResponse } from '#protocol/enrolment.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import { errorResponses } from '#server/http/schemas.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

const enrolBodySchema = {
  type: 'object',
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64 },
    deviceName: { type: 'string', maxLength: 64 },
    role: { type: 'string', enum: [...DEVICE_ROLES] },
  },
  required: ['code'],
  additionalProperties: false,
} as const;

const enrolResponseSchema = {
  type: 'object',
  properties: {
    deviceId: { type: 'string' },
    stationId: { type: 'string' },
    credential: { type: 'string' },
    issuingSlot: { type: 'integer' },
    issuingSlots: { type: 'integer' },
    role: { type: 'string', enum: [...DEVICE_ROLES] },
  },
  required: ['deviceId', 'stationId', 'credential', 'issuingSlot', 'issuingSlots', 'role'],
  additionalProperties: false,
} as const;

export const enrolmentRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.post<{ Body: EnrolRequest }>(
    ENROL_PATH,
    { schema: { body: enrolBodySchema, response: { 201: enrolResponseSchema, ...errorResponses } } },
    async (request, reply): Promise<EnrolResponse> => {
      // A NUL in the device name is valid JSON that PostgreSQL cannot store: a 400, not a 500.
      assertStorableText(request.body, 'body');
      const enrolled = await repo.enrolment.redeem(request.body);
      request.log.info(
        { deviceId: enrolled.deviceId, stationId: enrolled.stationId, role: enrolled.role },
        'device enrolled',
      );
      reply.code(201);
      return enrolled;
    },
  );
};
