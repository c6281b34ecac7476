import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, type LogEntry } from '../../../../electron/ipc/contract.ts';
import { DeviceFailure } from '../../../../electron/ipc/errors.ts';
import type { Handlers } from '../../../../electron/ipc/handlers.ts';
import { LOG_LIMITS, dispatch } from '../../../../electron/ipc/validate.ts';

/** A handler table whose handlers record what they received. */
function recordingHandlers(overrides: Partial<Handlers> = {}) {
  const received: { channel: string; request: unknown }[] = [];
  const record =
    <T>(channel: string, value: T) =>
    async (request: unknown) => {
      received.push({ channel, request });
      return value;
    };
  const handlers: Handlers = {
    'app:getInfo': record('app:getInfo', { version: '1.0.0', runtime: 'browser' as const }),
    'config:get': record('config:get', {} as never),
    'catalog:loadDemo': record('catalog:loadDemo', {} as never),
    'log:write': record('log:write', null),
    'sync:getSession': record('sync:getSession', null),
    'printer:printTicket': record('printer:printTicket', { printed: false }),
    ...overrides,
  };
  return { handlers, received };
}

const goodEntry: LogEntry = { level: 'warn', module: 'resident/ticket', message: 'printer slow' };

describe('dispatch', () => {
  it.each(['printer:print', '', '__proto__', 'toString', 'constructor'])('answers unknown_channel for "%s" and runs nothing', async (channel) => {
    const { handlers, received } = recordingHandlers();
    const result = await dispatch(handlers, channel, null);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(received).toEqual([]);
  });

  it.each(CHANNEL_NAMES.filter((c) => c !== 'log:write' && c !== 'printer:printTicket'))('%s accepts null or nothing, and refuses anything else', async (channel) => {
    const { handlers, received } = recordingHandlers();
    expect((await dispatch(handlers, channel, null)).ok).toBe(true);
    expect((await dispatch(handlers, channel, undefined)).ok).toBe(true);
    for (const payload of [{}, 0, '', [], false]) {
      expect(await dispatch(handlers, channel, payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(received.map((r) => r.request)).toEqual([null, null]);
  });

  it('passes a print job only when ticket, service and station are real synced documents', async () => {
    const { readFileSync } = await import('node:fs');
    const catalog = JSON.parse(readFileSync(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8')) as {
      station: Record<string, unknown>;
      services: (Record<string, unknown> & { scope: string })[];
    };
    const { scope: _scope, ...service } = { ...catalog.services[5]!, stationId: '' } as Record<string, unknown>;
    const ticket = {
      id: 't1', stationId: 'pudong-demo', deviceId: 'd', day: '2026-11-28', queue: 'B', seq: 1, number: 'B001', serviceId: String(service.id),
      channel: 'walk_up', lang: 'zh-Hans', priority: false, status: 'waiting', issuedAt: 1, callCount: 0, history: [{ action: 'issue', at: 1, by: 'd', from: 'waiting', to: 'waiting' }],
    };
    const job = { ticket, service, station: catalog.station, lang: 'zh-Hans', peopleAhead: 2 };
    const { handlers, received } = recordingHandlers();
    expect((await dispatch(handlers, 'printer:printTicket', job)).ok).toBe(true);
    for (const bad of [null, { ...job, peopleAhead: -1 }, { ...job, ticket: { ...ticket, number: 'B1' } }, { ...job, lang: 'fr' }, { ...job, extra: 1 }]) {
      expect(await dispatch(handlers, 'printer:printTicket', bad)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(received).toHaveLength(1);
  });

  it('passes a valid log entry to the handler', async () => {
    const { handlers, received } = recordingHandlers();
    const entry = { ...goodEntry, detail: { screen: 'ticket', attempts: 2 } };
    expect(await dispatch(handlers, 'log:write', entry)).toEqual({ ok: true, value: null });
    expect(received).toEqual([{ channel: 'log:write', request: entry }]);
  });

  it.each([
    ['no object', 'warn', /object/],
    ['a level that does not exist', { ...goodEntry, level: 'fatal' }, /level/],
    ['an empty module', { ...goodEntry, module: '' }, /module/],
    ['a module that is too long', { ...goodEntry, module: 'm'.repeat(LOG_LIMITS.module + 1) }, /module/],
    ['a message that is not text', { ...goodEntry, message: 42 }, /message/],
    ['a message that is too long', { ...goodEntry, message: 'x'.repeat(LOG_LIMITS.message + 1) }, /message/],
    ['an unknown field', { ...goodEntry, stationId: 'other' }, /"stationId"/],
    ['a detail that is not JSON', { ...goodEntry, detail: 10n }, /detail/],
    ['a detail that is too big', { ...goodEntry, detail: 'd'.repeat(LOG_LIMITS.detailJson) }, /detail/],
  ])('refuses a log entry with %s, saying what is wrong', async (_case, payload, problem) => {
    const { handlers, received } = recordingHandlers();
    const result = await dispatch(handlers, 'log:write', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(problem) } });
    expect(received).toEqual([]);
  });

  it('accepts the longest allowed module and message', async () => {
    const { handlers } = recordingHandlers();
    const entry = { level: 'debug', module: 'm'.repeat(LOG_LIMITS.module), message: 'x'.repeat(LOG_LIMITS.message) };
    expect((await dispatch(handlers, 'log:write', entry)).ok).toBe(true);
  });

  it('turns a thrown error into internal without leaking it, and reports it', async () => {
    const secret = new Error('ENOENT: /home/station/secret-path');
    const { handlers } = recordingHandlers({ 'config:get': () => Promise.reject(secret) });
    const reporter = { error: vi.fn() };

    const result = await dispatch(handlers, 'config:get', null, reporter);

    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret-path');
    expect(reporter.error).toHaveBeenCalledWith(expect.stringContaining('config:get'), secret);
  });

  it('passes an expected failure through with its own code and message', async () => {
    const failure = new DeviceFailure('catalog_invalid', 'service #2 is missing "name"');
    const { handlers } = recordingHandlers({ 'catalog:loadDemo': () => Promise.reject(failure) });
    expect(await dispatch(handlers, 'catalog:loadDemo', null)).toEqual({ ok: false, error: { code: failure.code, message: failure.message } });
  });
});
