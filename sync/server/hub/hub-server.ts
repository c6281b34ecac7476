/**
 * Starts a station hub: the district server's own app on the hub's own PGlite,
 * scoped to the one station the district enrolled it for, plus its uplink to the
 * district (sync/README.md, "Station hub"). No admin API and no enrolment codes:
 * the district alone enrols devices and publishes the catalog.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '#server/app.ts';
import type { ServerLimits } from '#server/http/limits.ts';
import { createLogger, type Logger } from '#server/logger.ts';
import { openRepository } from '#server/repositories/open.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { hubStore, recordHubWrites, type HubStore } from './hub-store.ts';
import { startUplink, type Uplink, type UplinkOptions } from './uplink.ts';

export interface HubOptions {
  /** The district the hub's station belongs to. */
  districtUrl: string;
  /** The hub's credential, from enrolling with a hub code. */
  credential: string;
  port: number;
  host: string;
  /** PGlite data folder; absent: in memory (tests). */
  dataDir?: string;
  /** Start an empty PGlite from this migrated dump (tests: initdb is slow). */
  pgliteTemplate?: Blob;
  logger?: Logger;
  streamHeartbeatMs?: number;
  limits?: Partial<ServerLimits>;
  uplink?: Pick<UplinkOptions, 'devicesEveryMs' | 'pullEveryMs' | 'appVersion'>;
}

export interface StationHub {
  app: FastifyInstance;
  repo: DistrictRepository;
  store: HubStore;
  uplink: Uplink;
  url: string;
  port: number;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1500;

export async function startHub(options: HubOptions): Promise<StationHub> {
  const log = options.logger ?? createLogger();
  const repo = await openRepository({
    dataDir: options.dataDir,
    log,
    pgliteTemplate: options.pgliteTemplate,
    // Every device write is recorded for the uplink in its own transaction.
    afterPushWrites: recordHubWrites,
  });
  const store = hubStore(repo.db);
  // Started once the app listens; the status route may be asked before that.
  const started: { uplink?: Uplink } = {};
  let app: FastifyInstance;
  try {
    app = await buildApp({
      repo,
      logger: log,
      streamHeartbeatMs: options.streamHeartbeatMs,
      limits: options.limits,
      hub: {
        store,
        uplink: async () =>
          started.uplink
            ? started.uplink.state()
            : {
                districtConnected: false,
                waiting: await store.waitingItems(),
                lagMs: 0,
                lastContactAt: null,
                lastError: null,
              },
      },
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await repo.close();
    throw error;
  }
  const running = (started.uplink = startUplink({
    repo,
    store,
    districtUrl: options.districtUrl,
    credential: options.credential,
    log: log.child({ module: 'hub-uplink' }) as Logger,
    ...options.uplink,
  }));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    repo,
    store,
    uplink: running,
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        try {
          await running.stop();
          // Devices keep connections open between requests and retry at once; a hub shutting
          // down (restart, update) gives them a moment, then cuts them (they fail over).
          const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
          try {
            await app.close();
          } finally {
            clearTimeout(force);
          }
        } finally {
          await repo.close();
        }
      })();
      return closing;
    },
  };
}
