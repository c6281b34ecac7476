/** Builders for valid documents and catalog files, and a test app wired to a driver. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { CATALOG_FORMAT } from '#protocol/catalog.ts';
import { applyTicketAction, type ActionContext, type TicketAction } from '#protocol/ticket-lifecycle.ts';
import { formatTicketNumber, numberForSeq, stationDay } from '#protocol/ticket-numbering.ts';
import type { EnrolResponse, DeviceRole } from '#protocol/enrolment.ts';
import {
  PUSH_REPORT_MEDIA_TYPE,
  replicationPath,
  type PushReport,
  type ReplicatedCollection,
  type ReplicationCheckpoint,
} from '#protocol/wire-messages.ts';
import type { HelpRequestDoc, NeedDoc, ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { buildApp } from '#server/app.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { Storage, TestDriver } from './drivers.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/**
 * Suites that are not about limits enrol dozens of devices and push thousands of
 * documents from one address within a minute; tests/server/limits.test.ts checks the limits themselves.
 */
export const ROOMY_LIMITS = {
  enrolmentsPerWindow: 1_000_000,
  pushBytesPerWindow: 1024 ** 4,
  pushDocumentsPerWindow: 1_000_000_000,
} as const;
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

export const REPLICATED_TABLES = [
  'services',
  'station_docs',
  'tickets',
  'needs',
  'help_requests',
  'device_health',
  'appointments',
  'projects',
] as const;
const ALL_TABLES = ['enrolment_codes', 'devices', 'stations', ...REPLICATED_TABLES];

const text = (en: string) => ({ 'zh-Hans': `${en}（简）`, 'zh-Hant': `${en}（繁）`, en });
const hours = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];

/** The staff of every test station; staff actions name them. */
export const STAFF = ['staff-1', 'staff-2'] as const;
/** A well-formed PIN hash (never verified by the server). */
const FAKE_PIN_HASH = { salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: 'a'.repeat(43), iterations: 600_000 };

export function stationDoc(id: string): StationDoc {
  return {
    id,
    name: text(`Station ${id}`),
    address: text(`${id} Road 1`),
    utcOffsetMinutes: 480,
    hours,
    queues: [
      { letter: 'A', name: text('Government'), location: text('Counter 1') },
      { letter: 'B', name: text('Health'), location: text('Room 2') },
    ],
    staff: STAFF.map((id, i) => ({ id, name: `Staff ${i + 1}`, pin: { ...FAKE_PIN_HASH } })),
  };
}

export function serviceDoc(id: string, stationId = '', overrides: Partial<ServiceDoc> = {}): ServiceDoc {
  return {
    id,
    stationId,
    category: 'government',
    queue: 'A',
    order: 1,
    name: text(`Service ${id}`),
    summary: text('What it is'),
    description: text('Plain words'),
    bring: { 'zh-Hans': ['身份证'], 'zh-Hant': ['身份證'], en: ['ID card'] },
    schedule: hours,
    ticket: true,
    ...overrides,
  };
}

/** A catalog file as an operator writes it: `scope` instead of `stationId`. */
export function catalogFile(stationId: string, district: string[], own: string[]) {
  const entry = (id: string, scope: 'district' | 'station') => {
    const { stationId: _s, ...rest } = serviceDoc(id);
    return { ...rest, scope };
  };
  return {
    format: CATALOG_FORMAT,
    station: stationDoc(stationId),
    services: [...district.map((id) => entry(id, 'district')), ...own.map((id) => entry(id, 'station'))],
  };
}

export type Wire<T> = T & { _deleted: boolean };

/** A moment of the station's current day (station offset +8 h), so the district accepts the ticket's day. */
export const TODAY_AT = Date.now() - 60_000;
export const TODAY = stationDay(TODAY_AT, 480);

const seqs = new Map<string, Map<string, number>>();

/** The device's n-th ticket gets the n-th number of its slot; the same id always the same number. */
function seqFor(device: EnrolResponse, id: string): number {
  let mine = seqs.get(device.deviceId);
  if (!mine) seqs.set(device.deviceId, (mine = new Map()));
  let seq = mine.get(id);
  if (seq === undefined) mine.set(id, (seq = mine.size + 1));
  return seq;
}

/**
 * A ticket as `device` issues it in queue A, today, with the next number of the
 * device's issuing slot (the same id keeps its number). Its issue entry names
 * the device, as a kiosk's does; a counter's names a staff member.
 */
export function ticket(device: EnrolResponse, id: string, overrides: Partial<Wire<TicketDoc>> = {}): Wire<TicketDoc> {
  const at = overrides.issuedAt ?? TODAY_AT;
  const seq = seqFor(device, id);
  const slot = { slot: device.issuingSlot, slots: device.issuingSlots };
  return {
    id,
    stationId: device.stationId,
    deviceId: device.deviceId,
    day: TODAY,
    queue: 'A',
    seq,
    number: formatTicketNumber('A', numberForSeq(seq, slot)),
    serviceId: 'svc-1',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: at,
    callCount: 0,
    history: [{ action: 'issue', at, by: device.deviceId, from: 'waiting', to: 'waiting' }],
    _deleted: false,
    ...overrides,
  };
}

/** `t` after one more legal lifecycle step, as a counter's staff member makes it. */
export function step(
  t: Wire<TicketDoc>,
  action: Exclude<TicketAction, 'issue'>,
  ctx: Partial<ActionContext> = {},
): Wire<TicketDoc> {
  const last = t.history.at(-1)?.at ?? t.issuedAt;
  const result = applyTicketAction(t, action, { at: last + 60_000, by: STAFF[0], counter: '1', ...ctx });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export function need(device: EnrolResponse, id: string, overrides: Partial<Wire<NeedDoc>> = {}): Wire<NeedDoc> {
  return {
    id,
    stationId: device.stationId,
    deviceId: device.deviceId,
    kind: 'repair',
    text: '楼道灯坏了',
    lang: 'zh-Hans',
    createdAt: 1_795_840_000_000,
    _deleted: false,
    ...overrides,
  };
}

export function helpRequest(
  device: EnrolResponse,
  id: string,
  overrides: Partial<Wire<HelpRequestDoc>> = {},
): Wire<HelpRequestDoc> {
  return {
    id,
    stationId: device.stationId,
    deviceId: device.deviceId,
    screen: 'home',
    lang: 'en',
    status: 'open',
    createdAt: 1_795_840_000_000,
    _deleted: false,
    ...overrides,
  };
}

export function bearer(device: EnrolResponse) {
  return { authorization: `Bearer ${device.credential}` };
}

/** Throws with the response body when the status is not the expected one: failures then say why. */
export function expectStatus(res: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res;
}

export interface PullResult {
  documents: (Record<string, unknown> & { id: string; _deleted: boolean })[];
  checkpoint: ReplicationCheckpoint | null;
}

export interface TestContext {
  app: FastifyInstance;
  repo: DistrictRepository;
  storage: Storage;
  createStation(id: string): Promise<void>;
  /** A station with its catalog (queues A and B, the STAFF), as tickets need. */
  setUpStation(id: string): Promise<void>;
  enrol(
    stationId: string,
    options?: { role?: DeviceRole; issuingSlot?: number; issuingSlots?: number },
  ): Promise<EnrolResponse>;
  importCatalog(file: unknown): Promise<void>;
  pull(
    device: EnrolResponse,
    collection: ReplicatedCollection,
    checkpoint?: ReplicationCheckpoint | null,
    limit?: number,
  ): Promise<PullResult>;
  /** Every document of a device's scope, paging with `limit`. */
  pullAll(
    device: EnrolResponse,
    collection: ReplicatedCollection,
    limit?: number,
  ): Promise<{ documents: PullResult['documents']; checkpoints: ReplicationCheckpoint[] }>;
  push(device: EnrolResponse, collection: ReplicatedCollection, rows: unknown): Promise<LightMyRequestResponse>;
  /** A push asking for the report of refused rows (PUSH_REPORT_MEDIA_TYPE); expects 200. */
  pushReport(
    device: EnrolResponse,
    collection: ReplicatedCollection,
    rows: unknown,
  ): Promise<PushReport<Record<string, unknown>>>;
  /** Every row of every table, to prove that a rejected request changed nothing. */
  snapshot(): Promise<Record<string, unknown[]>>;
}

/**
 * Builds an app on fresh storage for the suite and empties every table before
 * each test (the lwt sequence keeps counting, as in production).
 */
export function useTestApp(driver: TestDriver): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.storage = await driver.createStorage();
    ctx.repo = await ctx.storage.open();
    ctx.app = await buildApp({ repo: ctx.repo, adminToken: ADMIN_TOKEN, limits: ROOMY_LIMITS });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.storage?.dispose();
  });
  beforeEach(async () => {
    await ctx.repo.db.query(`TRUNCATE ${[...ALL_TABLES, 'write_refusals'].join(', ')}`);
  });

  ctx.createStation = async (id) => {
    expectStatus(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admin/stations',
        headers: ADMIN,
        payload: { id, name: `Station ${id}` },
      }),
      201,
    );
  };
  ctx.setUpStation = async (id) => {
    await ctx.createStation(id);
    await ctx.importCatalog(catalogFile(id, [], [`svc-${id}`]));
  };
  ctx.enrol = async (stationId, options = {}) => {
    const code = expectStatus(
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/admin/stations/${stationId}/enrolment-codes`,
        headers: ADMIN,
        payload: options,
      }),
      201,
    ).json<{ code: string }>().code;
    return expectStatus(
      await ctx.app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code, deviceName: 'test' } }),
      201,
    ).json<EnrolResponse>();
  };
  ctx.importCatalog = async (file) => {
    expectStatus(
      await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/catalog', headers: ADMIN, payload: file as object }),
      200,
    );
  };
  ctx.pull = async (device, collection, checkpoint = null, limit = 100) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) {
      query.set('checkpoint_lwt', String(checkpoint.lwt));
      query.set('checkpoint_id', checkpoint.id);
    }
    const res = await ctx.app.inject({
      method: 'GET',
      url: `${replicationPath(collection, 'pull')}?${query}`,
      headers: bearer(device),
    });
    return expectStatus(res, 200).json<PullResult>();
  };
  ctx.pullAll = async (device, collection, limit = 100) => {
    const documents: PullResult['documents'] = [];
    const checkpoints: ReplicationCheckpoint[] = [];
    let checkpoint: ReplicationCheckpoint | null = null;
    for (;;) {
      const page = await ctx.pull(device, collection, checkpoint, limit);
      documents.push(...page.documents);
      if (page.checkpoint && page.documents.length) checkpoints.push(page.checkpoint);
      checkpoint = page.checkpoint;
      if (page.documents.length < limit) return { documents, checkpoints };
    }
  };
  ctx.push = (device, collection, rows) =>
    ctx.app.inject({
      method: 'POST',
      url: replicationPath(collection, 'push'),
      headers: bearer(device),
      payload: rows as object,
    });
  ctx.pushReport = async (device, collection, rows) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: replicationPath(collection, 'push'),
      headers: { ...bearer(device), accept: PUSH_REPORT_MEDIA_TYPE },
      payload: rows as object,
    });
    return expectStatus(res, 200).json<PushReport<Record<string, unknown>>>();
  };
  ctx.snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of ALL_TABLES) {
      const rows = await ctx.repo.db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY 1`);
      // "Last seen" records that a device called, refused or not: bookkeeping, not data a request changed.
      out[table] = rows.map(({ last_seen_at: _seen, ...row }) => row);
    }
    return out;
  };
  return ctx;
}
