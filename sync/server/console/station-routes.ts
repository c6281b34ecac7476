/**
 *   GET  /stations?q=&limit=&offset=       → {total, items}  (a supervisor: its street only)
 *   POST /stations {id, street, doc}         → 201 station    (administrator)
 *   GET  /stations/:id                       → station with its document and devices
 *   PUT  /stations/:id {street?, doc}        → station        (administrator, or the street's supervisor)
 *   POST /stations/validate {doc}            → {issues}       the same checks devices rely on
 *   GET  /meta                               → {streets, departments, categories}
 * A station document goes out to the station's devices through replication.
 */
import type { FastifyPluginAsync } from 'fastify';
import { stationIssues } from '#protocol/catalog.ts';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { DomainError } from '#server/errors.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { STATION_ID_PATTERN } from '#server/repositories/stations.ts';
import { canAdminister, visibleStreet } from '#protocol/operator-roles.ts';
import { changeableStation, forbidden, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';
import { pageQuerySchema, type PageQuery } from './schemas.ts';

/** Refuses a station document devices could not use; the details name each field. */
export function assertValidStation(doc: unknown): asserts doc is StationDoc {
  const issues = stationIssues(doc);
  if (issues.length)
    throw new DomainError(
      400,
      'invalid_station',
      `the station has ${issues.length} problem(s)`,
      issues.map((i) => `${i.path}: ${i.message}`),
    );
  assertStorableText(doc, 'station');
}

const streetSchema = { type: 'string', maxLength: 64 } as const;

export const stationRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Querystring: PageQuery }>('/stations', { schema: { querystring: pageQuerySchema } }, async (request) => {
    const { q, limit, offset } = request.query;
    return repo.consoleLists.stations({ q, limit, offset, street: visibleStreet(operatorOf(request)) });
  });

  app.get('/meta', async (request) => {
    const street = visibleStreet(operatorOf(request));
    return {
      streets: street === null ? await repo.consoleLists.streets() : [street],
      departments: await repo.consoleLists.departments(street),
      categories: CATEGORY_IDS,
    };
  });

  app.post<{ Body: { doc: unknown } }>(
    '/stations/validate',
    { schema: { body: { type: 'object', properties: { doc: {} }, required: ['doc'] } } },
    async (request) => ({ issues: stationIssues(request.body.doc) }),
  );

  app.post<{ Body: { id: string; street: string; doc: unknown } }>(
    '/stations',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            id: { type: 'string', pattern: STATION_ID_PATTERN },
            street: streetSchema,
            doc: { type: 'object' },
          },
          required: ['id', 'street', 'doc'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      if (!canAdminister(operator)) throw forbidden();
      const { id, street, doc } = request.body;
      assertValidStation(doc);
      if (doc.id !== id)
        throw new DomainError(400, 'invalid_station', `the document's id "${doc.id}" differs from "${id}"`);
      await repo.audited(
        async (tx) => {
          const record = await repo.stations.create({ id, name: doc.name['zh-Hans'], street }, tx);
          await repo.catalog.putStation(doc, tx);
          return record;
        },
        (record) => ({
          actor: operator.username,
          action: 'station_created',
          targetType: 'station',
          targetId: id,
          stationId: id,
          before: null,
          after: { street: record.street, doc },
        }),
      );
      reply.code(201);
      return visibleStation(repo, operator, id);
    },
  );

  app.get<{ Params: { id: string } }>('/stations/:id', async (request) => {
    const operator = operatorOf(request);
    const station = await visibleStation(repo, operator, request.params.id);
    return { ...station, deviceList: await repo.devices.list({ stationId: station.id }) };
  });

  app.put<{ Params: { id: string }; Body: { street?: string; doc: unknown } }>(
    '/stations/:id',
    {
      schema: {
        body: {
          type: 'object',
          properties: { street: streetSchema, doc: { type: 'object' } },
          required: ['doc'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const before = await changeableStation(repo, operator, request.params.id);
      const { doc } = request.body;
      const street = request.body.street ?? before.street;
      // Moving a station to another street moves it out of a supervisor's sight: the district's call.
      if (street !== before.street && !canAdminister(operator)) throw forbidden();
      assertValidStation(doc);
      if (doc.id !== before.id)
        throw new DomainError(400, 'invalid_station', `the document's id "${doc.id}" differs from "${before.id}"`);
      // Staff (with their PIN hashes) are managed on their own screen; a station edit keeps them.
      const next: StationDoc = { ...doc, staff: before.doc?.staff ?? doc.staff ?? [] };
      if (next.staff?.length === 0) delete next.staff;
      // Kept staff may be limited to a counter this edit removes: refused, so nobody is locked out unseen.
      assertValidStation(next);
      const { changed } = await repo.audited(
        async (tx) => {
          await repo.stations.update(before.id, { name: doc.name['zh-Hans'], street }, tx);
          return repo.catalog.putStation(next, tx);
        },
        () => ({
          actor: operator.username,
          action: 'station_updated',
          targetType: 'station',
          targetId: before.id,
          stationId: before.id,
          before: { street: before.street, doc: withoutStaff(before.doc) },
          after: { street, doc: withoutStaff(next) },
        }),
      );
      return { ...(await visibleStation(repo, operator, before.id)), changed };
    },
  );
};

/** Station documents in the audit log leave out staff PIN hashes. */
export function withoutStaff(doc: StationDoc | null): Omit<StationDoc, 'staff'> | null {
  if (!doc) return null;
  const { staff: _staff, ...rest } = doc;
  return rest;
}
