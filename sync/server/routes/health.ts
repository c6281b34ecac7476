/** GET /health: is this instance up and can it reach its database? For load balancers and technicians. */
import type { FastifyPluginAsync } from 'fastify';
import { HEALTH_PATH, PROTOCOL_VERSION } from '#protocol/api.ts';
import { DomainError } from '#server/errors.ts';
import { errorResponses } from '#server/http/schemas.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

export interface HealthBody {
  status: 'ok';
  protocol: number;
  storage: 'pglite' | 'postgres';
}

export const healthRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get(
    HEALTH_PATH,
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { status: { const: 'ok' }, protocol: { type: 'integer' }, storage: { type: 'string' } },
            required: ['status', 'protocol', 'storage'],
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<HealthBody> => {
      try {
        await repo.ping();
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        throw new DomainError(503, 'unavailable', 'the database is not reachable');
      }
      return { status: 'ok', protocol: PROTOCOL_VERSION, storage: repo.db.kind };
    },
  );
};
