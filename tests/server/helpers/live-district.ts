/**
 * A real district server listening on 127.0.0.1 (PGlite in memory or in a data
 * directory, or PostgreSQL in a schema of its own), set up through its admin API
 * as an operator does, for tests that drive the real replication client over HTTP.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN_PREFIX, ENROL_PATH } from '#protocol/api.ts';
import type { DeviceRole, EnrolResponse } from '#protocol/enrolment.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '#server/app.ts';
import { silentLogger } from '#server/logger.ts';
import { openRepository } from '#server/repositories/open.ts';
import type { DistrictServer } from '#server/server.ts';
import { pgliteTemplate } from './drivers.ts';
import { ADMIN, ADMIN_TOKEN, catalogFile } from './fixtures.ts';

export interface LiveDistrictOptions {
  /** Listen on this port (0: any free one); a restarted district reuses its port. */
  port?: number;
  /** PostgreSQL; when absent, PGlite. */
  databaseUrl?: string;
  /** PostgreSQL schema; a fresh one when absent. */
  schema?: string;
  /** PGlite data directory; absent: in memory (nothing survives a restart). */
  dataDir?: string;
}

export interface LiveDistrict {
  server: DistrictServer;
  url: string;
  port: number;
  /** The options that reopen the same storage after close(). */
  storage: Required<Pick<LiveDistrictOptions, 'port'>> & Omit<LiveDistrictOptions, 'port'>;
  admin<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** A station with queues A and B and the given services (queue A unless `B-…`). */
  createStation(id: string, services?: string[]): Promise<void>;
  enrol(
    stationId: string,
    options?: { role?: DeviceRole; issuingSlot?: number; issuingSlots?: number },
  ): Promise<EnrolResponse>;
  revoke(deviceId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startLiveDistrict(options: LiveDistrictOptions = {}): Promise<LiveDistrict> {
  const schema = options.databaseUrl ? (options.schema ?? `test_${randomBytes(6).toString('hex')}`) : undefined;
  // The district's own storage and app, as startDistrictServer opens them; a fresh
  // PGlite starts from the migrated template (initdb costs seconds on a loaded machine).
  const fresh = !options.databaseUrl && (!options.dataDir || !existsSync(join(options.dataDir, 'PG_VERSION')));
  const repo = await openRepository({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    schema,
    log: silentLogger(),
    pgliteTemplate: fresh ? await pgliteTemplate() : undefined,
  });
  const app = await buildApp({ repo, adminToken: ADMIN_TOKEN, streamHeartbeatMs: 1000 });
  try {
    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  } catch (error) {
    await repo.close();
    throw error;
  }
  const address = app.server.address();
  const server: DistrictServer = {
    app,
    repo,
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`,
    close: async () => {
      try {
        await app.close();
      } finally {
        await repo.close();
      }
    },
  };
  const port = Number(new URL(server.url).port);
  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${ADMIN_PREFIX}${path}`, {
      method,
      headers: { ...ADMIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    server,
    url: server.url,
    port,
    storage: { ...options, port, schema },
    admin,
    async createStation(id, services = ['svc-a', 'B-svc']) {
      await admin('POST', '/stations', { id, name: id });
      const file = catalogFile(id, [], services);
      for (const s of file.services) if (s.id.startsWith('B-')) s.queue = 'B';
      await admin('POST', '/catalog', file);
    },
    async enrol(stationId, enrolOptions = {}) {
      const { code } = await admin<{ code: string }>('POST', `/stations/${stationId}/enrolment-codes`, {
        role: 'kiosk',
        ...enrolOptions,
      });
      const res = await fetch(`${server.url}${ENROL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceName: 'test' }),
      });
      if (!res.ok) throw new Error(`enrol: ${res.status} ${await res.text()}`);
      return (await res.json()) as EnrolResponse;
    },
    async revoke(deviceId) {
      await admin('POST', `/devices/${deviceId}/revoke`, {});
    },
    close: () => server.close(),
  };
}

/** Drops a PostgreSQL schema a live district used. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
