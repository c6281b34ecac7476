/**
 *   GET  /services?q=&category=&department=&stationId=&limit=&offset= → {total, items}
 *   GET  /services/:id            → {service, street, station}  (station: for the preview's "where to go")
 *   POST /services/validate {service} → {issues}    each problem at its field
 *   PUT  /services/:id {service}  → {service, changed}   publish: live on the kiosks through replication
 *   GET  /catalog/export?stationId=&format=json|yaml  → the CLI's catalog file
 *   POST /catalog/import          the CLI's catalog file (JSON or YAML) → summary
 * District-wide items are the administrator's; a station's own items also its street supervisor's.
 */
import type { FastifyPluginAsync } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { CATALOG_FORMAT, serviceIssues } from '#protocol/catalog.ts';
import type { ServiceDoc } from '#protocol/schemas.ts';
import { validateCatalogForImport } from '#server/catalog-import.ts';
import { DomainError } from '#server/errors.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { canSeeStation, visibleStreet, type Operator } from '#protocol/operator-roles.ts';
import { assertCanChange, changeableStation, visibleStation } from './scope.ts';
import { pageQuerySchema, type PageQuery } from './schemas.ts';
import { operatorOf } from './session.ts';

/** Catalog files carry every service of a station in three languages. */
const CATALOG_BODY_LIMIT = 16 * 1024 * 1024;

async function queuesFor(repo: DistrictRepository, stationId: string): Promise<string[] | null> {
  if (stationId === '') return null;
  const station = await repo.consoleLists.station(stationId);
  if (!station) throw new DomainError(404, 'station_unknown', `no station "${stationId}"`);
  return (station.doc?.queues ?? []).map((q) => q.letter);
}

/** The service as stored, if the operator may see it. */
async function visibleService(repo: DistrictRepository, operator: Operator, id: string) {
  const found = await repo.consoleLists.service(id);
  if (!found || (found.street !== null && !canSeeStation(operator, found.street)))
    throw new DomainError(404, 'service_unknown', `no service "${id}"`);
  return found;
}

export const catalogRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Querystring: PageQuery & { category?: string; department?: string; stationId?: string } }>(
    '/services',
    {
      schema: {
        querystring: {
          ...pageQuerySchema,
          properties: {
            ...pageQuerySchema.properties,
            category: { type: 'string', maxLength: 32 },
            department: { type: 'string', maxLength: 200 },
            stationId: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    async (request) => {
      const { q, category, department, stationId, limit, offset } = request.query;
      return repo.consoleLists.services({
        q,
        category: category || undefined,
        department: department || undefined,
        stationId,
        limit,
        offset,
        street: visibleStreet(operatorOf(request)),
      });
    },
  );

  app.get<{ Params: { id: string } }>('/services/:id', async (request) => {
    const operator = operatorOf(request);
    const found = await visibleService(repo, operator, request.params.id);
    const stationId = found.service.stationId;
    const station =
      stationId !== ''
        ? await repo.consoleLists.station(stationId)
        : ((await repo.consoleLists.stations({ street: visibleStreet(operator), limit: 1 })).items[0] ?? null);
    return { ...found, station: station?.doc ?? null };
  });

  app.post<{ Body: { service: Record<string, unknown> } }>(
    '/services/validate',
    { schema: { body: { type: 'object', properties: { service: { type: 'object' } }, required: ['service'] } } },
    async (request) => {
      const stationId = typeof request.body.service.stationId === 'string' ? request.body.service.stationId : '';
      return { issues: serviceIssues(request.body.service, await queuesFor(repo, stationId)) };
    },
  );

  app.put<{ Params: { id: string }; Body: { service: ServiceDoc } }>(
    '/services/:id',
    { schema: { body: { type: 'object', properties: { service: { type: 'object' } }, required: ['service'] } } },
    async (request) => {
      const operator = operatorOf(request);
      const { service } = request.body;
      if (service.id !== request.params.id)
        throw new DomainError(
          400,
          'invalid_service',
          `the item's id "${service.id}" differs from "${request.params.id}"`,
        );
      const existing = await repo.consoleLists.service(service.id);
      // The stored scope decides (an item never moves between stations); for a new item, the one sent.
      const stationId = existing?.service.stationId ?? service.stationId;
      if (service.stationId !== stationId)
        throw new DomainError(409, 'service_station_mismatch', 'an item stays with the station it was created for');
      if (stationId === '') assertCanChange(operator, null);
      else await changeableStation(repo, operator, stationId);
      const issues = serviceIssues(service, await queuesFor(repo, stationId));
      if (issues.length)
        throw new DomainError(
          400,
          'invalid_service',
          `the item has ${issues.length} problem(s); fix them before publishing`,
          issues.map((i) => `${i.path}: ${i.message}`),
        );
      assertStorableText(service, 'service');
      return repo.audited(
        (tx) => repo.catalog.putService(service, tx),
        (result) =>
          result.changed
            ? {
                actor: operator.username,
                action: existing ? 'service_published' : 'service_created',
                targetType: 'service',
                targetId: service.id,
                stationId,
                before: existing?.service ?? null,
                after: service,
              }
            : null,
      );
    },
  );

  app.get<{ Querystring: { stationId: string; format?: 'json' | 'yaml' } }>(
    '/catalog/export',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            stationId: { type: 'string', maxLength: 64 },
            format: { type: 'string', enum: ['json', 'yaml'] },
          },
          required: ['stationId'],
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await visibleStation(repo, operator, request.query.stationId);
      if (!station.doc) throw new DomainError(404, 'station_unknown', `station "${station.id}" has no document yet`);
      const services: Record<string, unknown>[] = [];
      for (const scope of ['', station.id]) {
        for (let offset = 0; ; offset += 200) {
          const page = await repo.consoleLists.services({ stationId: scope, limit: 200, offset });
          for (const { service } of page.items) {
            const { stationId, ...rest } = service;
            services.push({ scope: stationId === '' ? 'district' : 'station', ...rest });
          }
          if (page.items.length < 200) break;
        }
      }
      const file = { format: CATALOG_FORMAT, station: station.doc, services };
      const yaml = request.query.format === 'yaml';
      reply
        .header('content-disposition', `attachment; filename="catalog-${station.id}.${yaml ? 'yaml' : 'json'}"`)
        .type(yaml ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8');
      return yaml ? toYaml(file) : JSON.stringify(file, null, 2);
    },
  );

  app.post(
    '/catalog/import',
    { bodyLimit: CATALOG_BODY_LIMIT, schema: { body: { type: 'object' } } },
    async (request) => {
      const operator = operatorOf(request);
      const catalog = validateCatalogForImport(request.body);
      // A file also carries district-wide items: only the district imports those.
      const districtItems = catalog.services.some((s) => s.stationId === '');
      await changeableStation(repo, operator, catalog.station.id);
      if (districtItems) assertCanChange(operator, null);
      return repo.audited(
        (tx) => repo.catalog.import(catalog, tx),
        (summary) => ({
          actor: operator.username,
          action: 'catalog_imported',
          targetType: 'catalog',
          targetId: catalog.station.id,
          stationId: catalog.station.id,
          before: null,
          after: summary,
        }),
      );
    },
  );
};
