/**
 * The district operator's console: the built web app under /console and its
 * API under /console/api, signed in with operator accounts and cookie sessions.
 * (The ADMIN_TOKEN API under /api/v1/admin stays, for scripts.)
 */
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from '#server/logger.ts';
import { startBackgroundRefresh } from '#server/repositories/background-refresh.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { appointmentRoutes } from './appointment-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { caseRoutes } from './case-routes.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { deviceRoutes } from './device-routes.ts';
import { needRoutes } from './need-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { OverviewFeed } from './overview-feed.ts';
import { overviewRoutes } from './overview-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { requireOperator } from './session.ts';
import { staffRoutes } from './staff-routes.ts';
import { stationRoutes } from './station-routes.ts';
import { consoleStatic, securityHeaders } from './static-files.ts';

/** Where `npm run build` puts the console. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console', import.meta.url));

export interface ConsolePluginOptions {
  repo: DistrictRepository;
  /** The console build folder; the default is dist/console of this checkout. */
  consoleDir?: string;
}

/** Register with `{ prefix: CONSOLE_PREFIX }`. */
export const consolePlugin: FastifyPluginAsync<ConsolePluginOptions> = async (app, options) => {
  const { repo } = options;
  await app.register(cookie);
  app.decorateRequest('operator', null);
  const feed = new OverviewFeed(repo, app.log.child({ module: 'overview-feed' }) as Logger);
  // preClose: open overview streams never end by themselves, and the server would wait for them.
  app.addHook('preClose', () => feed.stop());
  // Reports right after many ticket changes find them mostly aggregated already.
  const stopRefresh = startBackgroundRefresh(repo.db, app.log.child({ module: 'background-refresh' }) as Logger);
  app.addHook('onClose', () => stopRefresh());

  await app.register(consoleStatic, { root: process.env.CONSOLE_DIR ?? options.consoleDir ?? DEFAULT_CONSOLE_DIR });

  await app.register(
    async (api) => {
      api.addHook('onSend', async (_request, reply) => {
        securityHeaders(reply).header('cache-control', 'no-store');
      });
      await api.register(sessionRoutes, { repo });
      await api.register(async (signedIn) => {
        signedIn.addHook('onRequest', requireOperator(repo.operators));
        await signedIn.register(stationRoutes, { repo });
        await signedIn.register(catalogRoutes, { repo });
        await signedIn.register(deviceRoutes, { repo });
        await signedIn.register(staffRoutes, { repo });
        await signedIn.register(auditRoutes, { repo });
        await signedIn.register(reportRoutes, { repo });
        await signedIn.register(overviewRoutes, { repo, feed });
        await signedIn.register(caseRoutes, { repo });
        await signedIn.register(needRoutes, { repo });
        await signedIn.register(appointmentRoutes, { repo });
      });
    },
    { prefix: '/api' },
  );
};
