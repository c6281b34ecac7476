/**
 * The district server as a Fastify app, ready for `inject` (tests) or `listen`
 * (server.ts). It owns the live change feed but not the repository: whoever
 * opened the storage closes it, after the app.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ADMIN_PREFIX, API_PREFIX, CONSOLE_PREFIX } from '#protocol/api.ts';
import { REPLICATION_BODY_LIMIT } from '#protocol/wire-messages.ts';
import { deviceAuth, installAuthDecorations } from './http/auth.ts';
import { reportAppVersion } from './http/app-version.ts';
import { installCors } from './http/cors.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installProtocolVersionCheck } from './http/protocol-version.ts';
import { installValidators } from './http/validation.ts';
import { resolveLimits, retryAfterSeconds, type ServerLimits } from './http/limits.ts';
import { installWriteLimit, WriteBudget } from './http/write-limit.ts';
import { DomainError } from './errors.ts';
import { silentLogger, type Logger } from './logger.ts';
import { consolePlugin } from './console/plugin.ts';
import { ChangeFeed } from './domain/change-feed.ts';
import type { DistrictRepository } from './repositories/repository.ts';
import { adminRoutes } from './routes/admin.ts';
import { enrolmentRoutes } from './routes/enrolment.ts';
import { bookingRoutes } from './routes/booking.ts';
import { followRoutes } from './routes/follow.ts';
import { healthRoutes } from './routes/health.ts';
import { replicationRoutes } from './routes/pull-push.ts';
import { streamRoutes } from './routes/stream.ts';
import { hubDistrictRoutes } from './hub/district-routes.ts';
import { hubSideRoutes, type HubSide } from './hub/hub-routes.ts';
import { HUB_PREFIX } from '#protocol/hub.ts';

export interface AppOptions {
  repo: DistrictRepository;
  /** Token for /api/v1/admin; without one the admin API answers 403. */
  adminToken?: string;
  /** Request and app logs; silent when absent. */
  logger?: Logger;
  /** Interval of the stream's heartbeat comments (tests shorten it). */
  streamHeartbeatMs?: number;
  /** Folder of kiosk update files served under /updates; absent: no updates are served. */
  updatesDir?: string;
  /** Protective limits (http/limits.ts); each one absent keeps its default. */
  limits?: Partial<ServerLimits>;
  /** PEM certificate chain and private key: the server speaks HTTPS only. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Where residents' phones reach this district (e.g. https://queue.example.gov.cn), for
   * the links on printed tickets; absent: the address each device uses.
   */
  publicUrl?: string;
  /** Runs the app as a station hub (sync/README.md, "Station hub"): it serves hello and status instead of the district's hub API. */
  hub?: HubSide;
}

/**
 * Node's own guards against slow clients. Node checks them on a timer
 * (`connectionsCheckingInterval`, 30 s by default), so a connection lives at most
 * the timeout plus one interval; the interval is kept small so that bound stays near the timeout.
 */
function transportOptions(limits: ServerLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Builds the app; call `ready()` or `listen()` on it. Closing it ends open streams. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { repo, adminToken } = options;
  const limits = resolveLimits(options.limits);
  const common = {
    loggerInstance: (options.logger ?? silentLogger()) as FastifyBaseLogger,
    bodyLimit: REPLICATION_BODY_LIMIT,
    // Lets a technician follow one request across proxy and server logs.
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    requestTimeout: limits.requestTimeoutMs,
    // The idle limit; the stream heartbeat keeps live streams busy well within it.
    connectionTimeout: limits.idleTimeoutMs,
  };
  const app = (options.tls
    ? Fastify({ ...common, https: { ...transportOptions(limits), cert: options.tls.cert, key: options.tls.key } })
    : Fastify({ ...common, http: transportOptions(limits) })) as unknown as FastifyInstance;

  // The API speaks JSON (and YAML for catalog files); anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  installCors(app);
  installValidators(app);
  installErrorHandling(app);
  installProtocolVersionCheck(app);
  installAuthDecorations(app);

  const feed = new ChangeFeed(repo, app.log.child({ module: 'change-feed' }) as Logger, {
    // Another instance revoked a device: its remembered authentication goes with its streams.
    onDeviceRevoked: (deviceId) => repo.devices.forget(deviceId),
    onEventsMissed: () => repo.devices.forget(),
  });
  app.addHook('onReady', () => feed.start());
  // preClose: streams never end by themselves, and the server would wait for them.
  app.addHook('preClose', () => feed.stop());

  await app.register(healthRoutes, { repo });
  await app.register(async (scope) => {
    // Per source address: codes are long, but guessing must stay slow whatever else is known.
    await scope.register(rateLimit, {
      max: limits.enrolmentsPerWindow,
      timeWindow: limits.enrolmentWindowMs,
      errorResponseBuilder: (_request, context) =>
        new DomainError(
          429,
          'rate_limited',
          `too many enrolment attempts from this address; try again in ${retryAfterSeconds(context.ttl)} s`,
        ),
    });
    await scope.register(enrolmentRoutes, { repo });
  });
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', deviceAuth(repo));
      scope.addHook('onRequest', reportAppVersion(repo));
      installWriteLimit(scope, new WriteBudget(limits));
      await scope.register(replicationRoutes, { repo });
      await scope.register(streamRoutes, {
        feed,
        noteStreaming: (deviceIds) => repo.devices.noteStreaming(deviceIds),
        heartbeatMs: options.streamHeartbeatMs,
        maxStreamsPerDevice: limits.streamsPerDevice,
      });
    },
    { prefix: `${API_PREFIX}/replication` },
  );
  // Residents' phones reach the district, never a station's hub (whose follow key the district would not know).
  if (!options.hub)
    await app.register(followRoutes, {
      repo,
      feed,
      requestsPerMinute: limits.followRequestsPerMinute,
      ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
    });
  // The resident's booking page books at the district, so it too is the district's alone.
  if (!options.hub) await app.register(bookingRoutes, { repo, requestsPerMinute: limits.followRequestsPerMinute });
  // A district serves its stations' hubs; a hub serves its devices the hello and its uplink's status.
  if (options.hub) await app.register(hubSideRoutes, { prefix: HUB_PREFIX, repo, hub: options.hub });
  else await app.register(hubDistrictRoutes, { prefix: HUB_PREFIX, repo, limits: options.limits });
  await app.register(adminRoutes, {
    prefix: ADMIN_PREFIX,
    repo,
    adminToken,
    ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
  });
  await app.register(consolePlugin, { prefix: CONSOLE_PREFIX, repo });
  await app.register((await import('./routes/updates.ts')).updateRoutes, { updatesDir: options.updatesDir });
  return app;
}
