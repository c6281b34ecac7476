/**
 * Needs → projects (issue 15 item 4, 三张清单):
 *   GET  /needs?kind=&stationId=&street=&from=&to=&limit=&offset= → Page<NeedItem>
 *        (contact numbers only for operators whose role may see them: canSeeNeedContact)
 *   GET  /projects?stationId=                                     → {projects: ProjectItem[]}
 *   POST /projects {stationId, title, status, owner, resources, needIds} → 201 ProjectItem (audited)
 *   PUT  /projects/:id {title, status, owner, resources, needIds} → ProjectItem (audited)
 * A project belongs to one station, whose kiosks show it; its needs must be that station's.
 */
import type { FastifyPluginAsync } from 'fastify';
import { isIsoDay } from '#protocol/report-api.ts';
import { canChange, visibleStreet } from '#protocol/operator-roles.ts';
import { PROJECT_STATUSES, type NeedListQuery, type ProjectInput } from '#protocol/needs-projects.ts';
import { projectSchemaLiteral } from '#protocol/schemas.ts';
import { DomainError } from '#server/errors.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { getProject, listNeeds, listProjects } from '#server/repositories/needs-projects.ts';
import { changeableStation, forbidden, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const invalid = (message: string) => new DomainError(400, 'invalid_request', message);

/** The project's fields as an operator sends them; the document's own schema gives the limits (one source). */
const P = projectSchemaLiteral.properties;
const projectFields = {
  title: P.title,
  status: { type: 'string', enum: [...PROJECT_STATUSES] },
  owner: P.owner,
  resources: P.resources,
  needIds: { type: 'array', maxItems: 500, items: text(64) },
} as const;

function tidy(input: ProjectInput): ProjectInput {
  const title = input.title.trim();
  if (title === '') throw invalid('a project needs a title');
  const resources = input.resources.map((r) => ({ ...r, text: r.text.trim() }));
  if (resources.some((r) => r.text === '')) throw invalid('every linked resource needs some text');
  const tidied = { ...input, title, owner: input.owner.trim(), resources };
  assertStorableText(tidied, 'project');
  return tidied;
}

export const needRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Querystring: NeedListQuery }>(
    '/needs',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            kind: text(32),
            stationId: text(64),
            street: text(64),
            from: day,
            to: day,
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const q = request.query;
      for (const d of [q.from, q.to])
        if (d !== undefined && !isIsoDay(d)) throw invalid(`"${d}" is not a calendar day`);
      const scope = visibleStreet(operator);
      if (scope !== null && q.street !== undefined && q.street !== scope) throw forbidden();
      if (q.stationId !== undefined) await visibleStation(repo, operator, q.stationId);
      return listNeeds(repo.db, operator, q);
    },
  );

  app.get<{ Querystring: { stationId?: string } }>(
    '/projects',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { stationId: text(64) },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      if (request.query.stationId !== undefined) await visibleStation(repo, operator, request.query.stationId);
      return { projects: await listProjects(repo.db, visibleStreet(operator), request.query.stationId) };
    },
  );

  app.post<{ Body: ProjectInput & { stationId: string } }>(
    '/projects',
    {
      schema: {
        body: {
          type: 'object',
          properties: { stationId: text(64), ...projectFields },
          required: ['stationId', 'title', 'status', 'owner', 'resources', 'needIds'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.body.stationId);
      const input = { ...tidy(request.body), stationId: station.id };
      const saved = await repo.audited(
        (tx) => repo.saveProject(tx, input, operator.username),
        ({ after }) => ({
          actor: operator.username,
          action: 'project_created',
          targetType: 'project',
          targetId: after.project.id,
          stationId: station.id,
          before: null,
          after: { ...after.project, needIds: after.needIds },
        }),
      );
      reply.code(201);
      return saved.after;
    },
  );

  app.put<{ Params: { id: string }; Body: ProjectInput }>(
    '/projects/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: text(64) }, required: ['id'] },
        body: {
          type: 'object',
          properties: projectFields,
          required: ['title', 'status', 'owner', 'resources', 'needIds'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const seen = await getProject(repo.db, visibleStreet(operator), request.params.id);
      if (!seen) throw new DomainError(404, 'project_unknown', `no project "${request.params.id}"`);
      if (!canChange(operator, seen.street)) throw forbidden();
      const input = { ...tidy(request.body), stationId: seen.project.stationId, id: seen.project.id };
      const saved = await repo.audited(
        (tx) => repo.saveProject(tx, input, operator.username),
        ({ before, after }) => ({
          actor: operator.username,
          action: 'project_changed',
          targetType: 'project',
          targetId: after.project.id,
          stationId: after.project.stationId,
          before: before === null ? null : { ...before, needIds: seen.needIds },
          after: { ...after.project, needIds: after.needIds },
        }),
      );
      return saved.after;
    },
  );
};
