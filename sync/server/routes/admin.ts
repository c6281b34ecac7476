/**
 * The district operator's API under /api/v1/admin (Bearer ADMIN_TOKEN):
 *   POST /stations                               {id, name} → 201 StationRecord
 *   GET  /stations                               → {stations}
 *   POST /stations/:stationId/enrolment-codes    {role?, issuingSlot?, issuingSlots?, expiresInHours?, hub?} → 201 IssuedEnrolmentCode
 *   GET  /devices?stationId=                     → {devices}
 *   POST /devices/:deviceId/revoke               → DeviceRecord
 *   POST /catalog                                catalog file as JSON or YAML → CatalogImportSummary
 *   PUT  /services/:serviceId                    ServiceDoc → {service, changed}
 *   …/stations/:stationId/appointments, booking-link: admin-appointments.ts
 */
import type { FastifyPluginAsync } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { DEVICE_ROLES, ENROLMENT_CODE_TTL_DAYS_DEFAULT, type DeviceRole } from '#protocol/enrolment.ts';
import { serviceSchema, type ServiceDoc } from '#protocol/schemas.ts';
import { validateCatalogForImport } from '#server/catalog-import.ts';
import { DomainError } from '#server/errors.ts';
import { adminAuth } from '#server/http/auth.ts';
import { errorResponses } from '#server/http/schemas.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import { toStoredSchema } from '#protocol/wire-schema.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { STATION_ID_PATTERN } from '#server/repositories/stations.ts';
import { adminAppointmentRoutes } from './admin-appointments.ts';

/** Catalog files carry every service of a station in three languages: far more than a device push. */
const CATALOG_BODY_LIMIT = 16 * 1024 * 1024;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const HOUR_MS = 3_600_000;

const stationIdSchema = { type: 'string', pattern: STATION_ID_PATTERN } as const;

/** A station in the district's registry, as the admin API answers it (not the synced station document, sync/protocol/schemas.ts). */
const stationRecordSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string' } },
  required: ['id', 'name', 'createdAt'],
  additionalProperties: false,
} as const;

const deviceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    stationId: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    issuingSlot: { type: 'integer' },
    issuingSlots: { type: 'integer' },
    enrolledAt: { type: 'string' },
    revokedAt: { oneOf: [{ type: 'null' }, { type: 'string' }] },
  },
  required: ['id', 'stationId', 'name', 'role', 'issuingSlot', 'issuingSlots', 'enrolledAt', 'revokedAt'],
  additionalProperties: false,
} as const;

const writeCountsSchema = {
  type: 'object',
  properties: {
    inserted: { type: 'integer' },
    updated: { type: 'integer' },
    unchanged: { type: 'integer' },
    deleted: { type: 'integer' },
  },
  required: ['inserted', 'updated', 'unchanged', 'deleted'],
  additionalProperties: false,
} as const;

const serviceBodySchema = toStoredSchema(serviceSchema as never);

export interface AdminRouteOptions {
  repo: DistrictRepository;
  adminToken: string | undefined;
  /** Where residents' phones reach the district (booking links); absent: the request's address. */
  publicUrl?: string;
}

export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, { repo, adminToken, publicUrl }) => {
  app.addHook('onRequest', adminAuth(adminToken));
  await app.register(adminAppointmentRoutes, { repo, ...(publicUrl !== undefined && { publicUrl }) });

  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseYaml(body as string, { maxAliasCount: 100 }) as unknown);
    } catch (error) {
      done(
        new DomainError(400, 'invalid_yaml', `the catalog is not valid YAML: ${(error as Error).message}`),
        undefined,
      );
    }
  });

  app.post<{ Body: { id: string; name: string } }>(
    '/stations',
    {
      schema: {
        body: {
          type: 'object',
          properties: { id: stationIdSchema, name: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['id', 'name'],
          additionalProperties: false,
        },
        response: { 201: stationRecordSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStorableText(request.body, 'body');
      const station = await repo.stations.create(request.body);
      request.log.info({ stationId: station.id }, 'station created');
      reply.code(201);
      return station;
    },
  );

  app.get(
    '/stations',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { stations: { type: 'array', items: stationRecordSchema } },
            required: ['stations'],
          },
          ...errorResponses,
        },
      },
    },
    async () => ({ stations: await repo.stations.list() }),
  );

  app.post<{
    Params: { stationId: string };
    Body: { role?: DeviceRole; issuingSlot?: number; issuingSlots?: number; expiresInHours?: number; hub?: boolean };
  }>(
    '/stations/:stationId/enrolment-codes',
    {
      // Every field has a default, so an empty POST is a fine request.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        params: { type: 'object', properties: { stationId: stationIdSchema }, required: ['stationId'] },
        body: {
          type: 'object',
          properties: {
            role: { type: 'string', enum: [...DEVICE_ROLES] },
            issuingSlot: { type: 'integer' },
            issuingSlots: { type: 'integer' },
            expiresInHours: { type: 'integer', minimum: 1, maximum: 24 * 90 },
            // The station's hub (sync/README.md): it writes nothing in its own name, so it enrols as a display.
            hub: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              stationId: { type: 'string' },
              role: { type: 'string' },
              issuingSlot: { type: 'integer' },
              issuingSlots: { type: 'integer' },
              expiresAt: { type: 'string' },
            },
            required: ['code', 'stationId', 'role', 'issuingSlot', 'issuingSlots', 'expiresAt'],
            additionalProperties: false,
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const issued = await repo.enrolment.createCode({
        stationId: request.params.stationId,
        role: body.hub ? 'display' : (body.role ?? 'kiosk'),
        issuingSlot: body.hub ? 0 : (body.issuingSlot ?? 0),
        issuingSlots: body.hub ? 1 : (body.issuingSlots ?? 1),
        ttlMs: (body.expiresInHours ?? ENROLMENT_CODE_TTL_DAYS_DEFAULT * 24) * HOUR_MS,
        hub: body.hub === true,
      });
      request.log.info(
        { stationId: issued.stationId, role: issued.role, slot: issued.issuingSlot },
        'enrolment code issued',
      );
      reply.code(201);
      return issued;
    },
  );

  app.get<{ Querystring: { stationId?: string } }>(
    '/devices',
    {
      schema: {
        querystring: { type: 'object', properties: { stationId: stationIdSchema }, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: { devices: { type: 'array', items: deviceSchema } },
            required: ['devices'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => ({ devices: await repo.devices.list(request.query) }),
  );

  app.post<{ Params: { deviceId: string } }>(
    '/devices/:deviceId/revoke',
    {
      schema: {
        params: {
          type: 'object',
          properties: { deviceId: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['deviceId'],
        },
        response: { 200: deviceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const device = await repo.devices.revoke(request.params.deviceId);
      request.log.info({ deviceId: device.id }, 'device revoked');
      return device;
    },
  );

  app.post(
    '/catalog',
    {
      bodyLimit: CATALOG_BODY_LIMIT,
      schema: {
        // The full check is parseCatalog's, which names every wrong entry.
        body: { type: 'object' },
        response: {
          200: {
            type: 'object',
            properties: { stationId: { type: 'string' }, station: writeCountsSchema, services: writeCountsSchema },
            required: ['stationId', 'station', 'services'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const summary = await repo.catalog.import(validateCatalogForImport(request.body));
      request.log.info(summary, 'catalog imported');
      return summary;
    },
  );

  app.put<{ Params: { serviceId: string }; Body: ServiceDoc }>(
    '/services/:serviceId',
    {
      schema: {
        params: {
          type: 'object',
          properties: { serviceId: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['serviceId'],
        },
        body: serviceBodySchema,
        response: {
          200: {
            type: 'object',
            properties: { service: { type: 'object', additionalProperties: true }, changed: { type: 'boolean' } },
            required: ['service', 'changed'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (request.body.id !== request.params.serviceId) {
        throw new DomainError(
          400,
          'invalid_request',
          `the body's id "${request.body.id}" differs from the path's "${request.params.serviceId}"`,
        );
      }
      assertStorableText(request.body, 'body');
      const result = await repo.catalog.putService(request.body);
      request.log.info({ serviceId: request.params.serviceId, changed: result.changed }, 'service saved');
      return result;
    },
  );
};
