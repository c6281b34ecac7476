/**
 * Starts a district server: opens storage (PostgreSQL when `databaseUrl` is set,
 * else embedded PGlite in `dataDir`), migrates, listens; `close()` stops taking
 * requests, ends streams, then closes the database.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerLimits } from './http/limits.ts';
import { createLogger, type Logger } from './logger.ts';
import { openRepository } from './repositories/open.ts';
import type { DistrictRepository } from './repositories/repository.ts';

export interface DistrictServerOptions {
  port: number;
  host: string;
  /** postgres://… ; when absent, embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory; absent means in memory (nothing survives a restart). */
  dataDir?: string;
  /** PostgreSQL schema; see StorageOptions. */
  schema?: string;
  adminToken?: string;
  logger?: Logger;
  streamHeartbeatMs?: number;
  /** Folder of kiosk update files served under /updates; absent: no updates are served. */
  updatesDir?: string;
  /** Protective limits; each one absent keeps its default (http/limits.ts). */
  limits?: Partial<ServerLimits>;
  /** PEM files of the certificate (chain) and its private key: the server listens with HTTPS only. */
  tls?: { certFile: string; keyFile: string };
  /** Where residents' phones reach this district, for the links on tickets (AppOptions.publicUrl). */
  publicUrl?: string;
}

export interface DistrictServer {
  app: FastifyInstance;
  repo: DistrictRepository;
  /** Base URL the server listens on, e.g. http://127.0.0.1:8787 (https:// with TLS) */
  url: string;
  /** Graceful stop: the HTTP server first (draining requests, ending streams), then the database. */
  close(): Promise<void>;
}

/** Admin tokens guard the whole district; a short one is a configuration mistake worth stopping for. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export async function startDistrictServer(options: DistrictServerOptions): Promise<DistrictServer> {
  const log = options.logger ?? createLogger();
  if (options.adminToken !== undefined && options.adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(`ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  }
  if (options.adminToken === undefined) log.warn('ADMIN_TOKEN is not set: the admin API is off');
  if (options.updatesDir !== undefined)
    log.info({ updatesDir: options.updatesDir }, 'serving kiosk updates under /updates');
  // Read before the database opens, so a wrong path fails fast and leaves nothing to close.
  const tls = options.tls && (await readTlsFiles(options.tls));
  const repo = await openRepository({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    schema: options.schema,
    log,
  });
  let app: FastifyInstance;
  try {
    app = await buildApp({
      repo,
      adminToken: options.adminToken,
      logger: log,
      streamHeartbeatMs: options.streamHeartbeatMs,
      updatesDir: options.updatesDir,
      limits: options.limits,
      tls,
      ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await repo.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    repo,
    url: `${tls ? 'https' : 'http'}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    close() {
      closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await repo.close();
        }
      })();
      return closing;
    },
  };
}

async function readTlsFiles({ certFile, keyFile }: { certFile: string; keyFile: string }) {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} file ${file}: ${(error as Error).message}`, { cause: error });
    }
  };
  return { cert: await read(certFile, 'certificate'), key: await read(keyFile, 'key') };
}
