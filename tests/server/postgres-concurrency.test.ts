/**
 * What PGlite cannot show, because it runs one session: concurrent writers on real
 * PostgreSQL, and several server instances over one database.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { replicationPath, type ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import { buildApp } from '#server/app.ts';
import type { Db } from '#server/db/db.ts';
import { silentLogger } from '#server/logger.ts';
import { createSqlRepository } from '#server/repositories/sql-repository.ts';
import { describePostgres, POSTGRES_DRIVER, TEST_DATABASE_URL, type Storage } from './helpers/drivers.ts';
import { PUSH_REFUSED_HEADER } from '#protocol/wire-messages.ts';
import { ADMIN, ADMIN_TOKEN, ROOMY_LIMITS, bearer, catalogFile, expectStatus, ticket } from './helpers/fixtures.ts';
import { openStream } from './helpers/sse.ts';

/**
 * Pauses after every statement inside a transaction, widening the window in which
 * a transaction holding a lower lwt is still uncommitted while a later one commits.
 */
function withJitter(db: Db): Db {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: (sql) => tx.exec(sql),
          query: async <R>(sql: string, params?: readonly unknown[]) => {
            const rows = await tx.query<R>(sql, params);
            await pause();
            return rows;
          },
        }),
      ),
  };
}

async function enrol(app: FastifyInstance, stationId: string, slot: number, slots: number): Promise<EnrolResponse> {
  const { code } = expectStatus(
    await app.inject({
      method: 'POST',
      url: `/api/v1/admin/stations/${stationId}/enrolment-codes`,
      headers: ADMIN,
      payload: { issuingSlot: slot, issuingSlots: slots },
    }),
    201,
  ).json();
  return expectStatus(
    await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } }),
    201,
  ).json();
}

describePostgres('concurrent writers', () => {
  let storage: Storage;
  let app: FastifyInstance;
  /** Three kiosks of station s1, enrolled by the first test. */
  let writers: EnrolResponse[] = [];

  beforeAll(async () => {
    storage = await POSTGRES_DRIVER.createStorage();
    const base = await storage.open();
    const repo = createSqlRepository(withJitter(base.db), silentLogger());
    app = await buildApp({ repo, adminToken: ADMIN_TOKEN, limits: ROOMY_LIMITS });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await storage?.dispose();
  });

  it('never lets a puller skip a row, however commits interleave', async () => {
    expectStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/admin/stations',
        headers: ADMIN,
        payload: { id: 's1', name: 's1' },
      }),
      201,
    );
    expectStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog',
        headers: ADMIN,
        payload: catalogFile('s1', [], ['own-1']),
      }),
      200,
    );
    writers = [await enrol(app, 's1', 0, 3), await enrol(app, 's1', 1, 3), await enrol(app, 's1', 2, 3)];
    const PER_LOOP = 15;
    const LOOPS_PER_DEVICE = 4;
    const written = new Set<string>();

    let writing = true;
    const write = async (device: EnrolResponse, loop: number) => {
      for (let i = 0; i < PER_LOOP; i++) {
        const id = `${device.deviceId.slice(0, 8)}-${loop}-${i}`;
        const res = await app.inject({
          method: 'POST',
          url: replicationPath('tickets', 'push'),
          headers: bearer(device),
          payload: [{ newDocumentState: ticket(device, id) }],
        });
        expect(res.json()).toEqual([]);
        expect(res.headers[PUSH_REFUSED_HEADER], 'no row refused').toBeUndefined();
        written.add(id);
      }
    };

    const seen: string[] = [];
    let checkpoint: ReplicationCheckpoint | null = null;
    const pullOnce = async () => {
      const query: string = checkpoint
        ? `?limit=10&checkpoint_lwt=${checkpoint.lwt}&checkpoint_id=${checkpoint.id}`
        : '?limit=10';
      const page = expectStatus(
        await app.inject({
          method: 'GET',
          url: `${replicationPath('tickets', 'pull')}${query}`,
          headers: bearer(writers[0]!),
        }),
        200,
      ).json();
      seen.push(...page.documents.map((d: { id: string }) => d.id));
      checkpoint = page.checkpoint;
      return page.documents.length as number;
    };
    const puller = (async () => {
      while (writing) {
        await pullOnce();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
      }
    })();

    await Promise.all(
      writers.flatMap((device) => Array.from({ length: LOOPS_PER_DEVICE }, (_, loop) => write(device, loop))),
    );
    writing = false;
    await puller;
    while ((await pullOnce()) > 0) {
      // drain what was committed after the last pull
    }

    expect(written.size).toBe(writers.length * LOOPS_PER_DEVICE * PER_LOOP);
    expect(new Set(seen).size, 'no document pulled twice').toBe(seen.length);
    expect(
      [...written].filter((id) => !seen.includes(id)),
      'documents the puller skipped',
    ).toEqual([]);
  });
  it('lets only one of two devices create the same document at once; the other gets it back as a conflict', async () => {
    // No collection lock any more: both pushes may find the id free. The later insert must not overwrite.
    expect(writers.length, 'enrolled by the test before').toBe(3);
    const [a, b] = writers as [EnrolResponse, EnrolResponse];
    for (let round = 0; round < 8; round++) {
      const id = `contested-${round}`;
      const push = (device: EnrolResponse) =>
        app.inject({
          method: 'POST',
          url: replicationPath('tickets', 'push'),
          headers: bearer(device),
          payload: [{ newDocumentState: ticket(device, id) }],
        });
      const answers = (await Promise.all([push(a), push(b)])).map((res) => expectStatus(res, 200).json());
      const page = expectStatus(
        await app.inject({
          method: 'GET',
          url: `${replicationPath('tickets', 'pull')}?limit=1000`,
          headers: bearer(a),
        }),
        200,
      ).json();
      const stored = page.documents.find((d: { id: string }) => d.id === id);
      const winner = stored.deviceId === a.deviceId ? 0 : 1;
      expect(answers[winner], 'the push that landed').toEqual([]);
      expect(answers[1 - winner], 'the other push learns what is stored').toEqual([stored]);
    }
  });
});

describePostgres('several instances over one database', () => {
  let storage: Storage;
  const apps: FastifyInstance[] = [];
  const urls: string[] = [];
  let writer: EnrolResponse;
  let reader: EnrolResponse;

  /** A calling display: needs no issuing slot, so each test can enrol its own. */
  const enrolDisplay = async (app: FastifyInstance): Promise<EnrolResponse> => {
    const { code } = expectStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/admin/stations/s1/enrolment-codes',
        headers: ADMIN,
        payload: { role: 'display' },
      }),
      201,
    ).json();
    return expectStatus(
      await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } }),
      201,
    ).json();
  };
  const pushTicket = (id: string) =>
    apps[0]!.inject({
      method: 'POST',
      url: replicationPath('tickets', 'push'),
      headers: bearer(writer),
      payload: [{ newDocumentState: ticket(writer, id) }],
    });

  beforeAll(async () => {
    storage = await POSTGRES_DRIVER.createStorage();
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({ repo: await storage.open(), adminToken: ADMIN_TOKEN, limits: ROOMY_LIMITS });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
      urls.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    }
    expectStatus(
      await apps[0]!.inject({
        method: 'POST',
        url: '/api/v1/admin/stations',
        headers: ADMIN,
        payload: { id: 's1', name: 's1' },
      }),
      201,
    );
    expectStatus(
      await apps[0]!.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog',
        headers: ADMIN,
        payload: catalogFile('s1', [], ['own-1']),
      }),
      200,
    );
    writer = await enrol(apps[0]!, 's1', 0, 2);
    reader = await enrol(apps[1]!, 's1', 1, 2);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await storage?.dispose();
  });

  it('streams a write made through instance 1 to a device connected to instance 2', async () => {
    const tickets = await openStream(`${urls[1]}${replicationPath('tickets', 'stream')}`, bearer(reader));
    const services = await openStream(`${urls[1]}${replicationPath('services', 'stream')}`, bearer(reader));
    try {
      expect(tickets.status).toBe(200);
      expectStatus(await pushTicket('cross-instance'), 200);
      expect(await tickets.next()).toEqual({
        documents: [ticket(writer, 'cross-instance')],
        checkpoint: { lwt: expect.any(Number), id: 'cross-instance' },
      });

      expectStatus(
        await apps[0]!.inject({
          method: 'POST',
          url: '/api/v1/admin/catalog',
          headers: ADMIN,
          payload: catalogFile('s1', ['gov-1'], ['own-1']),
        }),
        200,
      );
      expect(await services.next()).toMatchObject({ documents: [{ id: 'gov-1' }] });
    } finally {
      tickets.close();
      services.close();
    }
  });

  it('closes the streams of a device revoked through another instance', async () => {
    const display = await enrolDisplay(apps[0]!);
    const stream = await openStream(`${urls[1]}${replicationPath('needs', 'stream')}`, bearer(display));
    expect(stream.status).toBe(200);
    expectStatus(
      await apps[0]!.inject({
        method: 'POST',
        url: `/api/v1/admin/devices/${display.deviceId}/revoke`,
        headers: ADMIN,
      }),
      200,
    );
    await stream.ended;
  });

  it('stops a credential at once on every instance when it is revoked, though an instance remembered it', async () => {
    const display = await enrolDisplay(apps[0]!);
    const pull = () =>
      fetch(`${urls[1]}${replicationPath('needs', 'pull')}?limit=1`, { headers: bearer(display) }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as { error?: { code: string } } }),
      );
    // Instance 2 authenticates the display, and remembers it.
    expect((await pull()).status).toBe(200);
    expect((await pull()).status).toBe(200);
    expectStatus(
      await apps[0]!.inject({
        method: 'POST',
        url: `/api/v1/admin/devices/${display.deviceId}/revoke`,
        headers: ADMIN,
      }),
      200,
    );
    // The revocation reaches instance 2 as an event; until then (milliseconds) the old answer may stand.
    let answer = await pull();
    for (let tries = 0; answer.status === 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await pull();
    }
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('credential_revoked');
  });

  it('tells streaming devices to resync when the LISTEN connection was lost, and keeps streaming', async () => {
    const stream = await openStream(
      `${urls[1]}${replicationPath('tickets', 'stream')}`,
      bearer(await enrolDisplay(apps[0]!)),
    );
    try {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        // Both instances' LISTEN connections die, as on a database failover.
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1',
          [`LISTEN "doorstep_events_${storage.schema}"`],
        );
        expect(rowCount).toBe(2);
      } finally {
        await admin.end();
      }
      expect(await stream.next((m) => m === 'RESYNC', 10_000)).toBe('RESYNC');
      expectStatus(await pushTicket('after-reconnect'), 200);
      expect(await stream.next((m) => m !== 'RESYNC')).toMatchObject({ documents: [{ id: 'after-reconnect' }] });
    } finally {
      stream.close();
    }
  });
});
