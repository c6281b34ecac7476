/**
 *   GET /audit?stationId=&limit=&offset= → {total, entries}  newest first; a supervisor sees its street's
 *   GET /operators                        → {operators}        (administrator)
 */
import type { FastifyPluginAsync } from 'fastify';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { canAdminister, visibleStreet } from './roles.ts';
import { forbidden } from './scope.ts';
import { operatorOf } from './session.ts';

export const auditRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Querystring: { stationId?: string; limit?: number; offset?: number } }>(
    '/audit',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            stationId: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    async (request) => repo.audit.list({ ...request.query, street: visibleStreet(operatorOf(request)) }),
  );

  app.get('/operators', async (request) => {
    if (!canAdminister(operatorOf(request))) throw forbidden();
    return { operators: await repo.operators.list() };
  });
};
