/**
 * 好差评 (issue 15 item 3):
 *   GET  /ratings?from=&to=&by=station|service|staff&street=&stationId= → RatingDistribution
 *   GET  /cases?status=&overdue=&street=&stationId=&limit=&offset=      → Page<RatingCase>
 *   GET  /cases/:id                                                     → RatingCaseDetail
 *   POST /cases/:id/changes {status?, owner?, note?}                    → RatingCaseDetail (audited)
 *   GET  /case-settings, PUT /case-settings {workingDays, holidays}     (PUT: administrator; audited)
 *
 * There is deliberately no route that writes a ticket or its rating: a case only
 * annotates the rating (and the database refuses a changed rating anyway, migration 015).
 */
import type { FastifyPluginAsync } from 'fastify';
import { isIsoDay, daysBetween, REPORT_MAX_DAYS } from '#protocol/report-api.ts';
import { canAdminister, canChange, visibleStreet, type Operator } from '#protocol/operator-roles.ts';
import {
  CASE_NOTE_MAX,
  CASE_STATUSES,
  CASE_WORKING_DAYS_MAX,
  RATING_GROUPINGS,
  type CaseChange,
  type CaseListQuery,
  type CaseSettings,
} from '#protocol/rating-cases.ts';
import { DomainError } from '#server/errors.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import {
  caseSettings,
  changeCase,
  getCase,
  listCases,
  putCaseSettings,
  ratingDistribution,
  type DistributionQuery,
} from '#server/repositories/rating-cases.ts';
import { forbidden, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const invalid = (message: string) => new DomainError(400, 'invalid_request', message);

/** A supervisor may name only its own street; a station it names must be one it may see. */
async function checkFilters(
  repo: DistrictRepository,
  operator: Operator,
  q: { street?: string; stationId?: string },
): Promise<void> {
  const scope = visibleStreet(operator);
  if (scope !== null && q.street !== undefined && q.street !== scope) throw forbidden();
  if (q.stationId !== undefined) await visibleStation(repo, operator, q.stationId);
}

export const caseRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  const scopeOf = (operator: Operator) => ({ street: visibleStreet(operator) });

  app.get<{ Querystring: DistributionQuery }>(
    '/ratings',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            from: day,
            to: day,
            by: { type: 'string', enum: [...RATING_GROUPINGS] },
            street: text(64),
            stationId: text(64),
          },
          required: ['from', 'to', 'by'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const q = request.query;
      if (!isIsoDay(q.from) || !isIsoDay(q.to)) throw invalid('from and to must be calendar days');
      const days = daysBetween(q.from, q.to);
      if (days < 1 || days > REPORT_MAX_DAYS) throw invalid(`from..to must cover 1 to ${REPORT_MAX_DAYS} days`);
      await checkFilters(repo, operator, q);
      return ratingDistribution(repo.db, scopeOf(operator), q);
    },
  );

  app.get<{ Querystring: CaseListQuery }>(
    '/cases',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...CASE_STATUSES] },
            overdue: { type: 'boolean' },
            street: text(64),
            stationId: text(64),
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      await checkFilters(repo, operator, request.query);
      return listCases(repo.db, scopeOf(operator), request.query);
    },
  );

  const idParams = {
    type: 'object',
    properties: { id: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991 } },
    required: ['id'],
  } as const;

  app.get<{ Params: { id: number } }>('/cases/:id', { schema: { params: idParams } }, async (request) => {
    const found = await getCase(repo.db, scopeOf(operatorOf(request)), request.params.id);
    // 404 for another street's case too: it is not even confirmed to exist.
    if (!found) throw new DomainError(404, 'case_unknown', `no follow-up case ${request.params.id}`);
    return found;
  });

  app.post<{ Params: { id: number }; Body: CaseChange }>(
    '/cases/:id/changes',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...CASE_STATUSES] },
            owner: { type: 'string', maxLength: 64 },
            note: text(CASE_NOTE_MAX),
          },
          minProperties: 1,
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const change = { ...request.body };
      if (change.note !== undefined) {
        change.note = change.note.trim();
        if (change.note === '') throw invalid('a note needs some text');
      }
      if (change.owner !== undefined) change.owner = change.owner.trim();
      assertStorableText(change, 'change');
      const scope = scopeOf(operator);
      // Checked before the write: a viewer or another street's supervisor changes nothing (403, or 404 when unseen).
      const seen = await getCase(repo.db, scope, request.params.id);
      if (!seen) throw new DomainError(404, 'case_unknown', `no follow-up case ${request.params.id}`);
      if (!canChange(operator, seen.street)) throw forbidden();
      const { after } = await repo.audited(
        (tx) => changeCase(tx, scope, request.params.id, change, operator.username),
        ({ before, after }) => ({
          actor: operator.username,
          action: 'case_changed',
          targetType: 'case',
          targetId: String(after.id),
          stationId: after.stationId,
          before: { status: before.status, owner: before.owner },
          after: { status: after.status, owner: after.owner, ...(change.note ? { note: change.note } : {}) },
        }),
      );
      return after;
    },
  );

  app.get('/case-settings', async () => caseSettings(repo.db));

  app.put<{ Body: CaseSettings }>(
    '/case-settings',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            workingDays: { type: 'integer', minimum: 1, maximum: CASE_WORKING_DAYS_MAX },
            holidays: { type: 'array', maxItems: 400, items: day },
          },
          required: ['workingDays', 'holidays'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      if (!canAdminister(operator)) throw forbidden();
      const bad = request.body.holidays.find((d) => !isIsoDay(d));
      if (bad) throw invalid(`holiday "${bad}" is not a calendar day`);
      const before = await caseSettings(repo.db);
      return repo.audited(
        (tx) => putCaseSettings(tx, request.body),
        (after) => ({
          actor: operator.username,
          action: 'case_settings_changed',
          targetType: 'case_settings',
          targetId: 'district',
          stationId: '',
          before,
          after,
        }),
      );
    },
  );
};
