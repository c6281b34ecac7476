/**
 *   GET /reports?from=&to=&street=&stationId=&category=&serviceId=&staff= → ReportResponse
 *
 * A street supervisor's report is always of its own street: a street it names
 * must be its own (else 403), and a station it names must be one it may see
 * (else 404, as everywhere in the console).
 */
import type { FastifyPluginAsync } from 'fastify';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { visibleStreet } from '#protocol/operator-roles.ts';
import { daysBetween, isIsoDay, previousPeriod, REPORT_MAX_DAYS, type ReportQuery } from '#protocol/report-api.ts';
import { DomainError } from '#server/errors.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { runReport } from '#server/repositories/reports-sql.ts';
import { forbidden, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const invalid = (message: string) => new DomainError(400, 'invalid_request', message);

export const reportRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Querystring: ReportQuery }>(
    '/reports',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            from: day,
            to: day,
            street: text(64),
            stationId: text(64),
            category: { type: 'string', enum: [...CATEGORY_IDS] },
            serviceId: text(64),
            staff: text(64),
          },
          required: ['from', 'to'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const q = request.query;
      if (!isIsoDay(q.from)) throw invalid(`from "${q.from}" is not a calendar day`);
      if (!isIsoDay(q.to)) throw invalid(`to "${q.to}" is not a calendar day`);
      const days = daysBetween(q.from, q.to);
      if (days < 1) throw invalid('from must be on or before to');
      if (days > REPORT_MAX_DAYS) throw invalid(`a report covers at most ${REPORT_MAX_DAYS} days`);

      const scope = visibleStreet(operator);
      if (scope !== null && q.street !== undefined && q.street !== scope) throw forbidden();
      if (q.stationId !== undefined) await visibleStation(repo, operator, q.stationId);
      const street = scope ?? q.street;
      const previous = previousPeriod(q.from, q.to);
      return runReport(repo.db, {
        ...q,
        ...(street === undefined ? {} : { street }),
        previousFrom: previous.from,
        previousTo: previous.to,
      });
    },
  );
};
