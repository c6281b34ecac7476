/**
 *   GET /audit?stationId=&limit=&offset= → {total, entries}  newest first; a supervisor sees its street's
 *   GET  /operators                       → {operators}        (administrator)
 *   POST /operators {username, displayName, role, street?, password} → 201 operator (administrator)
 */
import type { FastifyPluginAsync } from 'fastify';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { NewOperator } from '#server/repositories/operators.ts';
import { canAdminister, OPERATOR_ROLES, visibleStreet } from '#protocol/operator-roles.ts';
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

  app.post<{ Body: NewOperator }>(
    '/operators',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            username: { type: 'string', maxLength: 32 },
            displayName: { type: 'string', maxLength: 64 },
            role: { type: 'string', enum: [...OPERATOR_ROLES] },
            street: { type: 'string', maxLength: 64 },
            password: { type: 'string', maxLength: 256 },
          },
          required: ['username', 'displayName', 'role', 'password'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      if (!canAdminister(operator)) throw forbidden();
      const created = await repo.audited(
        (tx) => repo.operators.create(request.body, tx),
        (account) => ({
          actor: operator.username,
          action: 'operator_created',
          targetType: 'operator',
          targetId: account.username,
          stationId: '',
          before: null,
          after: { username: account.username, role: account.role, street: account.street },
        }),
      );
      reply.code(201);
      return created;
    },
  );
};
