/** The live stream: committed changes reach the right devices, heartbeats flow, revocation and shutdown end it. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { MULTIPLEX_STREAM_PATH, replicationPath, type ReplicatedCollection } from '#protocol/wire-messages.ts';
import { buildApp } from '#server/app.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { describeEachDriver, type Storage } from './helpers/drivers.ts';
import { ADMIN, ADMIN_TOKEN, ROOMY_LIMITS, bearer, catalogFile, expectStatus, ticket } from './helpers/fixtures.ts';
import { openStream, type SseClient } from './helpers/sse.ts';

const HEARTBEAT_MS = 200;

interface Message {
  documents: { id: string; stationId?: string }[];
  checkpoint: { lwt: number; id: string };
}

describeEachDriver('replication stream', (driver) => {
  let storage: Storage;
  let repo: DistrictRepository;
  let app: FastifyInstance;
  let base: string;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    storage = await driver.createStorage();
    repo = await storage.open();
    app = await buildApp({ repo, adminToken: ADMIN_TOKEN, streamHeartbeatMs: HEARTBEAT_MS, limits: ROOMY_LIMITS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await app?.close();
    await storage?.dispose();
  });
  beforeEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await repo.db.query(
      'TRUNCATE enrolment_codes, devices, stations, services, station_docs, tickets, needs, help_requests',
    );
  });

  const setup = async () => {
    for (const id of ['s1', 's2'])
      expectStatus(
        await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: ADMIN, payload: { id, name: id } }),
        201,
      );
    const enrol = async (stationId: string, role: 'kiosk' | 'display') => {
      const { code } = (
        await app.inject({
          method: 'POST',
          url: `/api/v1/admin/stations/${stationId}/enrolment-codes`,
          headers: ADMIN,
          payload: { role },
        })
      ).json();
      return (
        await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } })
      ).json<EnrolResponse>();
    };
    // a1 and b issue tickets; a2 is the calling display that only listens.
    return { a1: await enrol('s1', 'kiosk'), a2: await enrol('s1', 'display'), b: await enrol('s2', 'kiosk') };
  };
  /** Tickets are checked against the station's catalog (queues, staff), so ticket tests import one first. */
  const withCatalogs = async () => {
    for (const id of ['s1', 's2'])
      expectStatus(
        await app.inject({
          method: 'POST',
          url: '/api/v1/admin/catalog',
          headers: ADMIN,
          payload: catalogFile(id, [], [`own-${id}`]),
        }),
        200,
      );
  };
  const stream = async (device: EnrolResponse, collection: ReplicatedCollection) => {
    const s = await openStream(`${base}${replicationPath(collection, 'stream')}`, bearer(device));
    streams.push(s);
    return s;
  };
  const push = (device: EnrolResponse, docs: unknown[]) =>
    app.inject({
      method: 'POST',
      url: replicationPath('tickets', 'push'),
      headers: bearer(device),
      payload: docs.map((d) => ({ newDocumentState: d })),
    });

  it('delivers committed documents of the station, with a checkpoint, to its devices only', async () => {
    const { a1, a2, b } = await setup();
    await withCatalogs();
    const a2Stream = await stream(a2, 'tickets');
    const bStream = await stream(b, 'tickets');
    expect(a2Stream.status).toBe(200);

    const doc = ticket(a1, 't1');
    expectStatus(await push(a1, [doc]), 200);
    const message = (await a2Stream.next()) as Message;
    expect(message.documents).toEqual([doc]);
    const pulled = await app.inject({ method: 'GET', url: replicationPath('tickets', 'pull'), headers: bearer(a2) });
    expect(message.checkpoint).toEqual(pulled.json().checkpoint);

    // The other station's device hears its own writes, never station s1's.
    expectStatus(await push(b, [ticket(b, 'tb')]), 200);
    const theirs = (await bStream.next()) as Message;
    expect(theirs.documents.map((d) => d.id)).toEqual(['tb']);
    expect(bStream.messages.flatMap((m) => (m as Message).documents.map((d) => d.stationId))).toEqual(['s2']);
  });

  it('carries catalog edits live: district-wide items to all, station items to their station', async () => {
    const { a1, b } = await setup();
    const aStream = await stream(a1, 'services');
    const bStream = await stream(b, 'services');
    expectStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog',
        headers: ADMIN,
        payload: catalogFile('s1', ['gov-1'], ['own-1']),
      }),
      200,
    );
    expect(((await aStream.next()) as Message).documents.map((d) => d.id)).toEqual(['gov-1', 'own-1']);
    expect(((await bStream.next()) as Message).documents.map((d) => d.id)).toEqual(['gov-1']);
  });

  it('sends heartbeat comments', async () => {
    const { a1 } = await setup();
    const s = await stream(a1, 'needs');
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 3));
    expect(s.comments).toContain('connected');
    expect(s.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(2);
  });

  it('ends the streams of a revoked device and refuses to reopen them', async () => {
    const { a1 } = await setup();
    const s = await stream(a1, 'tickets');
    expectStatus(
      await app.inject({ method: 'POST', url: `/api/v1/admin/devices/${a1.deviceId}/revoke`, headers: ADMIN }),
      200,
    );
    await s.ended;
    const again = await openStream(`${base}${replicationPath('tickets', 'stream')}`, bearer(a1));
    expect(again.status).toBe(401);
    await again.ended;
  });

  it('needs a credential', async () => {
    const s = await openStream(`${base}${replicationPath('tickets', 'stream')}`, {});
    expect(s.status).toBe(401);
    await s.ended;
  });
  it('carries every collection on one multiplexed stream, each event naming its collection', async () => {
    const { a1, a2, b } = await setup();
    await withCatalogs();
    const all = await openStream(`${base}${MULTIPLEX_STREAM_PATH}`, bearer(a2));
    const other = await openStream(`${base}${MULTIPLEX_STREAM_PATH}`, bearer(b));
    streams.push(all, other);
    expectStatus(await push(a1, [ticket(a1, 'm1')]), 200);
    const event = (await all.next((m) => (m as { collection?: string }).collection === 'tickets')) as {
      collection: string;
      message: Message;
    };
    expect(event.message.documents.map((d) => d.id)).toEqual(['m1']);
    expectStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog',
        headers: ADMIN,
        payload: catalogFile('s1', ['d1'], []),
      }),
      200,
    );
    const services = (await all.next((m) => (m as { collection?: string }).collection === 'services')) as {
      message: Message;
    };
    expect(services.message.documents.map((d) => d.id)).toContain('d1');
    // Another station's device heard the district-wide service, never s1's ticket.
    await other.next((m) => (m as { collection?: string }).collection === 'services');
    expect(other.messages.some((m) => (m as { collection?: string }).collection === 'tickets')).toBe(false);
  });

  it('answers a browser preflight without a credential, and lets any origin read responses', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: MULTIPLEX_STREAM_PATH,
      headers: {
        origin: 'app://kiosk',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    const denied = await app.inject({
      method: 'GET',
      url: replicationPath('tickets', 'pull'),
      headers: { origin: 'app://kiosk' },
    });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
  });
});

describeEachDriver('replication stream shutdown', (driver) => {
  it('closing the app ends open streams instead of hanging', async () => {
    const storage = await driver.createStorage();
    const repo = await storage.open();
    const app = await buildApp({ repo, adminToken: ADMIN_TOKEN, limits: ROOMY_LIMITS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await repo.stations.create({ id: 's1', name: 's1' });
      const { code } = await repo.enrolment.createCode({
        stationId: 's1',
        role: 'kiosk',
        issuingSlot: 0,
        issuingSlots: 1,
        ttlMs: 60_000,
      });
      const device = await repo.enrolment.redeem({ code });
      const s = await openStream(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${replicationPath('tickets', 'stream')}`,
        bearer(device),
      );
      expect(s.status).toBe(200);
      const started = Date.now();
      await app.close();
      await s.ended;
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await app.close();
      await storage.dispose();
    }
  });
});
