/**
 * The district's protective limits, each with small numbers so the suite stays
 * quick: live streams per device, push volume per device (with the real
 * replication client honouring Retry-After), slow-body and slow-header
 * connections on real sockets, and enrolment attempts per address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictSync } from '#client/device-replication.ts';
import { Outbox } from '#client/outbox.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { replicationPath, type ReplicatedCollection } from '#protocol/wire-messages.ts';
import { type KioskCollections } from '#renderer/db/database.ts';
import { testDeviceCollections } from './helpers/test-device.ts';
import { buildApp } from '#server/app.ts';
import type { ServerLimits } from '#server/http/limits.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { DRIVERS, type Storage } from './helpers/drivers.ts';
import { ADMIN, ADMIN_TOKEN, bearer, expectStatus, need } from './helpers/fixtures.ts';
import { openStream, type SseClient } from './helpers/sse.ts';

let storage: Storage;
let repo: DistrictRepository;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  storage = await DRIVERS[0]!.createStorage();
  repo = await storage.open();
});
afterAll(() => storage.dispose());
afterEach(async () => {
  await app?.close();
  app = undefined;
  await repo.db.query('TRUNCATE enrolment_codes, devices, stations, needs');
  slot = 0;
});

/** A district with `limits` listening on 127.0.0.1, with one station. */
async function district(
  limits: Partial<ServerLimits>,
  beforeListen?: (app: FastifyInstance) => void,
): Promise<{ app: FastifyInstance; url: string }> {
  app = await buildApp({ repo, adminToken: ADMIN_TOKEN, limits, streamHeartbeatMs: 200 });
  beforeListen?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  expectStatus(
    await app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: ADMIN,
      payload: { id: 's1', name: 's1' },
    }),
    201,
  );
  return { app, url };
}

let slot = 0;

async function issueCode(target: FastifyInstance): Promise<string> {
  const res = await target.inject({
    method: 'POST',
    url: '/api/v1/admin/stations/s1/enrolment-codes',
    headers: ADMIN,
    payload: { issuingSlot: slot++ % 8, issuingSlots: 8 },
  });
  return expectStatus(res, 201).json<{ code: string }>().code;
}

async function enrol(target: FastifyInstance, remoteAddress = '10.0.0.1'): Promise<EnrolResponse> {
  const code = await issueCode(target);
  const res = await target.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code }, remoteAddress });
  return expectStatus(res, 201).json<EnrolResponse>();
}

describe('live streams per device', () => {
  it('refuses a credential its stream beyond the cap with 429, other devices unaffected, a closed stream frees its slot', async () => {
    const { app: district_, url } = await district({ streamsPerDevice: 2 });
    const [kiosk, counter] = [await enrol(district_), await enrol(district_)];
    const open: SseClient[] = [];
    try {
      open.push(await openStream(`${url}/api/v1/replication/stream`, bearer(kiosk)));
      open.push(await openStream(`${url}${replicationPath('tickets', 'stream')}`, bearer(kiosk)));
      expect(open.map((s) => s.status)).toEqual([200, 200]);

      // Both kinds of stream count towards the one cap.
      for (const path of ['/api/v1/replication/stream', replicationPath('needs', 'stream')]) {
        const refused = await fetch(`${url}${path}`, { headers: bearer(kiosk) });
        expect(refused.status).toBe(429);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
      }

      const other = await openStream(`${url}/api/v1/replication/stream`, bearer(counter));
      open.push(other);
      expect(other.status).toBe(200);

      open[0]!.close();
      await expect
        .poll(async () => {
          const again = await openStream(`${url}/api/v1/replication/stream`, bearer(kiosk));
          open.push(again);
          if (again.status !== 200) again.close();
          return again.status;
        })
        .toBe(200);
    } finally {
      open.forEach((s) => s.close());
    }
  });
});

describe('push volume per device', () => {
  it('answers 429 with Retry-After once the budget is spent, writes nothing of the refused push, leaves other devices alone', async () => {
    const { app: district_ } = await district({ pushDocumentsPerWindow: 3, writeWindowMs: 60_000 });
    const [kiosk, other] = [await enrol(district_), await enrol(district_)];
    const push = (device: EnrolResponse, ids: string[]) =>
      district_.inject({
        method: 'POST',
        url: replicationPath('needs', 'push'),
        headers: bearer(device),
        payload: ids.map((id) => ({ newDocumentState: need(device, id) })),
      });

    // The push that crosses the budget still lands: it was already received.
    expect((await push(kiosk, ['n1', 'n2', 'n3', 'n4'])).statusCode).toBe(200);
    const refused = await push(kiosk, ['n5']);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('write_rate_exceeded');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await push(other, ['o1'])).statusCode).toBe(200);
    const stored = await repo.db.query<{ id: string }>('SELECT id FROM needs ORDER BY id');
    expect(stored.map((r) => r.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'o1']);
  });

  it('counts bytes too, and opens a new window when the old one ends', async () => {
    // A 3 s window: long enough that the first two pushes fall in it on a loaded machine.
    const { app: district_ } = await district({ pushBytesPerWindow: 2_000, writeWindowMs: 3_000 });
    const kiosk = await enrol(district_);
    const push = (id: string) =>
      district_.inject({
        method: 'POST',
        url: replicationPath('needs', 'push'),
        headers: bearer(kiosk),
        payload: [1, 2, 3, 4, 5].map((n) => ({
          newDocumentState: need(kiosk, `${id}-${n}`, { text: 'x'.repeat(400) }),
        })),
      });
    expect((await push('big-1')).statusCode).toBe(200);
    expect((await push('big-2')).statusCode).toBe(429);
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await push('big-3')).statusCode).toBe(200);
  });

  it('the real client waits the Retry-After it is given, then delivers everything', { timeout: 60_000 }, async () => {
    // A 3 s window: the first refusal asks for about 3 s, longer than the client's own first backoff (≤ 1.25 s).
    const starts: number[] = [];
    const refusals: { at: number; retryAfter: number }[] = [];
    const { app: district_, url } = await district(
      // The client's idle keep-alive connections hold up close() until the idle limit; keep it short here.
      { pushDocumentsPerWindow: 4, writeWindowMs: 3_000, idleTimeoutMs: 3_000 },
      // Watched on the raw server: every push request as it arrives and as it is answered.
      (a) =>
        a.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
          if (req.url !== replicationPath('needs', 'push')) return;
          starts.push(Date.now());
          // Fastify hands its headers to writeHead, where getHeader() cannot see them.
          const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, unknown>) => void;
          res.writeHead = ((status: number, headers?: Record<string, unknown>) => {
            if (status === 429) refusals.push({ at: Date.now(), retryAfter: Number(headers?.['retry-after']) });
            writeHead(status, headers);
            return res;
          }) as typeof res.writeHead;
        }),
    );
    const kiosk = await enrol(district_);

    const db = await createRxDatabase<KioskCollections>({
      name: `limits-${process.pid}-${Date.now()}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    await db.addCollections(testDeviceCollections());
    const data = new Map<string, string>();
    const outbox = new Outbox({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) });
    const collections = db.collections as unknown as Record<ReplicatedCollection, RxCollection>;
    const sync = startDistrictSync({
      collections,
      districtUrl: url,
      credential: kiosk.credential,
      outbox,
    });
    try {
      // Each bulk insert goes up as one push, alone: the second one finds the budget spent. A single
      // refusal is the only failure, so the client's own backoff would be its first step (at most 1.25 s).
      await sync.awaitInSync();
      const count = async () => (await repo.db.query('SELECT id FROM needs')).length;
      const insert = (from: number) =>
        db.needs.bulkInsert(
          [0, 1, 2, 3].map((i) => {
            const { _deleted: _d, ...doc } = need(kiosk, `need-${from + i}`);
            return doc;
          }),
        );
      await insert(0);
      await expect.poll(count, { timeout: 20_000, interval: 100 }).toBe(4);
      await insert(4);
      await expect.poll(count, { timeout: 30_000, interval: 100 }).toBe(8);

      expect(refusals.length).toBeGreaterThan(0);
      const [refusal] = refusals;
      expect(refusal!.retryAfter).toBeGreaterThanOrEqual(2);
      // The retry waits what the district asked (timers may fire a few ms early).
      const next = Math.min(...starts.filter((t) => t > refusal!.at));
      expect(next - refusal!.at).toBeGreaterThanOrEqual(refusal!.retryAfter * 1000 - 100);
    } finally {
      await sync.stop();
      await db.close();
    }
  });
});

/** Opens `count` sockets; each sends a request's headers and then trickles `write` bytes, stopping once the server closes it. */
async function slowClients(
  url: string,
  count: number,
  start: string,
  trickle: string,
): Promise<{ closedByServer: Promise<void>; answers: string[]; stop(): void }> {
  const { hostname, port } = new URL(url);
  const sockets: Socket[] = [];
  const answers: string[] = [];
  const closings: Promise<void>[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let i = 0; i < count; i++) {
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    closings.push(
      new Promise((resolve) =>
        socket.once('close', () => {
          answers.push(answer);
          resolve();
        }),
      ),
    );
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(start);
    // One byte every 200 ms, bounded: the loop ends by itself after 30 s whatever the server does.
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || ++sent > 150) clearInterval(timer);
      else socket.write(trickle);
    }, 200);
    timers.push(timer);
  }
  return {
    closedByServer: Promise.all(closings).then(() => undefined),
    answers,
    stop: () => {
      timers.forEach(clearInterval);
      sockets.forEach((s) => s.destroy());
    },
  };
}

describe('slow clients', () => {
  const limits = { headersTimeoutMs: 600, requestTimeoutMs: 1_500, idleTimeoutMs: 5_000 };

  it('cuts 200 unauthenticated slow-body connections with 408', { timeout: 60_000 }, async () => {
    // Enough enrolment attempts that every connection gets as far as sending its body.
    const { url } = await district({ ...limits, enrolmentsPerWindow: 1_000 });
    const body = JSON.stringify({ code: 'AAAA-BBBB-CCCC' });
    const clients = await slowClients(
      url,
      200,
      `POST /api/v1/devices/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1000}\r\n\r\n${body}`,
      ' ',
    );
    try {
      // Without the limit these connections stay open for as long as the client trickles (30 s here): the suite would time out.
      await clients.closedByServer;
      expect(clients.answers).toHaveLength(200);
      expect(new Set(clients.answers.map((a) => a.split('\r\n')[0]))).toEqual(
        new Set(['HTTP/1.1 408 Request Timeout']),
      );
    } finally {
      clients.stop();
    }
  });

  it('cuts connections that send their headers slowly', { timeout: 60_000 }, async () => {
    const { url } = await district(limits);
    const clients = await slowClients(url, 50, 'GET /health HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
    try {
      await clients.closedByServer;
      expect(clients.answers).toHaveLength(50);
    } finally {
      clients.stop();
    }
  });

  it('keeps a live stream open past every timeout: its heartbeat is traffic', { timeout: 30_000 }, async () => {
    const { app: district_, url } = await district({ ...limits, idleTimeoutMs: 1_000 });
    const kiosk = await enrol(district_);
    const stream = await openStream(`${url}/api/v1/replication/stream`, bearer(kiosk));
    try {
      let ended = false;
      void stream.ended.then(() => (ended = true));
      await new Promise((r) => setTimeout(r, 3_000));
      expect(ended).toBe(false);
      expect(stream.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThan(2);
    } finally {
      stream.close();
    }
  });
});

describe('enrolment attempts per address', () => {
  it('answers 429 with Retry-After after the allowed attempts, right code or not, per source address', async () => {
    const { app: district_ } = await district({ enrolmentsPerWindow: 3, enrolmentWindowMs: 60_000 });
    const attempt = (code: string, remoteAddress: string) =>
      district_.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code }, remoteAddress });

    for (let i = 0; i < 3; i++) expect((await attempt(`WRONG-CODE-${i}`, '10.0.0.7')).statusCode).toBe(404);
    const refused = await attempt(await issueCode(district_), '10.0.0.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A refused attempt redeems nothing.
    expect(await repo.db.query('SELECT id FROM devices')).toEqual([]);

    expect((await attempt(await issueCode(district_), '10.0.0.8')).statusCode).toBe(201);
  });
});
