/**
 *   GET /overview                  → {at, thresholds, stations}   the live overview, once (scripts, benches)
 *   GET /overview/stream           → text/event-stream of OverviewMessage: a snapshot, then changed stations
 *   GET /thresholds                → {thresholds}
 *   PUT /thresholds {thresholds}   → {thresholds}   the district administrator's; audited
 *   GET /device-health?station=&paperOut=&notSeenForMinutes=&limit=&offset= → {total, items}
 * Every answer holds only the stations of the operator's street scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { OverviewMessage } from '#protocol/console-api.ts';
import { canAdminister, visibleStreet } from '#protocol/operator-roles.ts';
import { THRESHOLD_MINUTES_MAX, thresholdProblem, type WaitThreshold } from '#protocol/wait-bands.ts';
import { DomainError } from '#server/errors.ts';
import { readDeviceHealth, readOverview, readThresholds, replaceThresholds } from '#server/repositories/overview.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { OverviewFeed } from './overview-feed.ts';
import { forbidden, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

/** Comment lines keep proxies from closing a quiet overview stream. */
const HEARTBEAT_MS = 15_000;
/** A page that does not read its stream is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

const thresholdSchema = {
  type: 'object',
  properties: {
    queue: { type: 'string', maxLength: 1 },
    warningMinutes: { type: 'integer', minimum: 1, maximum: THRESHOLD_MINUTES_MAX },
    criticalMinutes: { type: 'integer', minimum: 1, maximum: THRESHOLD_MINUTES_MAX },
  },
  required: ['queue', 'warningMinutes', 'criticalMinutes'],
  additionalProperties: false,
} as const;

/** The reasons a list of thresholds is refused (empty: fine). */
function thresholdListProblems(list: readonly WaitThreshold[]): string[] {
  const problems = list.flatMap((t) => {
    const problem = thresholdProblem(t);
    return problem ? [`${t.queue || 'default'}: ${problem}`] : [];
  });
  if (!list.some((t) => t.queue === '')) problems.push('the default row (queue "") is required');
  if (new Set(list.map((t) => t.queue)).size !== list.length) problems.push('each queue letter once');
  return problems;
}

export const overviewRoutes: FastifyPluginAsync<{ repo: DistrictRepository; feed: OverviewFeed }> = async (
  app,
  { repo, feed },
) => {
  app.get('/overview', async (request) => {
    const at = Date.now();
    const street = visibleStreet(operatorOf(request));
    const [thresholds, stations] = await Promise.all([readThresholds(repo.db), readOverview(repo.db, { street }, at)]);
    return { at, thresholds, stations };
  });

  app.get('/overview/stream', (request, reply) => {
    const street = visibleStreet(operatorOf(request));
    reply.hijack();
    const res = reply.raw;
    // The plugin's onSend hook does not run for a hijacked reply: its headers are set here.
    res.writeHead(200, {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    const write = (chunk: string) => {
      if (!open) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        end();
        res.destroy();
        return;
      }
      res.write(chunk);
    };
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    const unsubscribe = feed.subscribe({
      street,
      send: (message: OverviewMessage) => write(`data: ${JSON.stringify(message)}\n\n`),
      close: end,
    });
    res.on('close', end);
    res.on('error', end);
    if (res.destroyed) end();
  });

  app.get('/thresholds', async () => ({ thresholds: await readThresholds(repo.db) }));

  app.put<{ Body: { thresholds: WaitThreshold[] } }>(
    '/thresholds',
    {
      schema: {
        body: {
          type: 'object',
          properties: { thresholds: { type: 'array', minItems: 1, maxItems: 27, items: thresholdSchema } },
          required: ['thresholds'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      // The bands are the district's: one set for every street.
      if (!canAdminister(operator)) throw forbidden();
      const list = request.body.thresholds;
      const problems = thresholdListProblems(list);
      if (problems.length > 0) {
        throw new DomainError(
          400,
          'invalid_request',
          `the waiting-time bands are not usable: ${problems[0]}`,
          problems,
        );
      }
      const before = await readThresholds(repo.db);
      const thresholds = await repo.audited(
        (tx) => replaceThresholds(tx, list),
        (after) => ({
          actor: operator.username,
          action: 'thresholds_changed',
          targetType: 'thresholds',
          targetId: 'district',
          stationId: '',
          before,
          after,
        }),
      );
      feed.thresholdsChanged(thresholds);
      return { thresholds };
    },
  );

  app.get<{
    Querystring: { station?: string; paperOut?: boolean; notSeenForMinutes?: number; limit?: number; offset?: number };
  }>(
    '/device-health',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            station: { type: 'string', minLength: 1, maxLength: 64 },
            paperOut: { type: 'boolean' },
            notSeenForMinutes: { type: 'integer', minimum: 1, maximum: 525_600 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const { station, paperOut, notSeenForMinutes, limit = 50, offset = 0 } = request.query;
      if (station) await visibleStation(repo, operator, station);
      return readDeviceHealth(repo.db, {
        street: visibleStreet(operator),
        stationId: station,
        paperOut,
        notSeenSince: notSeenForMinutes === undefined ? undefined : Date.now() - notSeenForMinutes * 60_000,
        limit,
        offset,
      });
    },
  );
};
