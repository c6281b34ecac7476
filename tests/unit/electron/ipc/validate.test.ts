import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, type LogEntry } from '#ipc/contract.ts';
import { DeviceFailure } from '#ipc/errors.ts';
import type { Handlers } from '#ipc/handlers.ts';
import { LOG_LIMITS } from '#ipc/channel-schemas.ts';
import { dispatch } from '#ipc/validate.ts';

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
    'setup:getState': record('setup:getState', {} as never),
    'technician:setPin': record('technician:setPin', null),
    'technician:verifyPin': record('technician:verifyPin', { outcome: 'unlocked' as const }),
    'setup:enrol': record('setup:enrol', {} as never),
    'printer:configure': record('printer:configure', null),
    'printer:test': record('printer:test', { printed: true }),
    'printer:status': record('printer:status', {} as never),
    'diagnostics:get': record('diagnostics:get', {} as never),
    'diagnostics:export': record('diagnostics:export', { files: [] }),
    'displays:list': record('displays:list', []),
    'displays:choose': record('displays:choose', null),
    'station:activity': record('station:activity', null),
    'app:quit': record('app:quit', null),
    'follow:link': record('follow:link', null),
    'hub:turnOn': record('hub:turnOn', { hubUrl: 'http://127.0.0.1:8788', hubDeviceId: 'hub-1' }),
    'hub:turnOff': record('hub:turnOff', null),
    'hub:setAddress': record('hub:setAddress', { hubDeviceId: null }),
    ...overrides,
  };
  return { handlers, received };
}

const goodEntry: LogEntry = { level: 'warn', module: 'resident/ticket', message: 'printer slow' };

describe('dispatch', () => {
  it.each(['printer:print', '', '__proto__', 'toString', 'constructor'])(
    'answers unknown_channel for "%s" and runs nothing',
    async (channel) => {
      const { handlers, received } = recordingHandlers();
      const result = await dispatch(handlers, channel, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect(received).toEqual([]);
    },
  );

  const NULL_CHANNELS = [
    'app:getInfo',
    'config:get',
    'catalog:loadDemo',
    'sync:getSession',
    'setup:getState',
    'printer:status',
    'diagnostics:get',
    'displays:list',
  ];
  it('knows which channels take no request', () => {
    expect(CHANNEL_NAMES.filter((c) => NULL_CHANNELS.includes(c)).length).toBe(NULL_CHANNELS.length);
  });

  it.each(NULL_CHANNELS)('%s accepts null or nothing, and refuses anything else', async (channel) => {
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
    const catalog = JSON.parse(
      readFileSync(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8'),
    ) as {
      station: Record<string, unknown>;
      services: (Record<string, unknown> & { scope: string })[];
    };
    const { scope: _scope, ...service } = { ...catalog.services[5]!, stationId: '' } as Record<string, unknown>;
    const ticket = {
      id: 't1',
      stationId: 'pudong-demo',
      deviceId: 'd',
      day: '2026-11-28',
      queue: 'B',
      seq: 1,
      number: 'B001',
      serviceId: String(service.id),
      channel: 'walk_up',
      lang: 'zh-Hans',
      priority: false,
      status: 'waiting',
      issuedAt: 1,
      callCount: 0,
      history: [{ action: 'issue', at: 1, by: 'd', from: 'waiting', to: 'waiting' }],
    };
    const job = { ticket, service, station: catalog.station, lang: 'zh-Hans', peopleAhead: 2 };
    const { handlers, received } = recordingHandlers();
    expect((await dispatch(handlers, 'printer:printTicket', job)).ok).toBe(true);
    for (const bad of [
      null,
      { ...job, peopleAhead: -1 },
      { ...job, ticket: { ...ticket, number: 'B1' } },
      { ...job, lang: 'fr' },
      { ...job, extra: 1 },
    ]) {
      expect(await dispatch(handlers, 'printer:printTicket', bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(received).toHaveLength(1);
  });

  it.each([
    [
      'technician:setPin',
      { pin: '246810' },
      [null, {}, { pin: 246810 }, { pin: '' }, { pin: '1'.repeat(33) }, { pin: '246810', extra: 1 }],
    ],
    ['technician:verifyPin', { pin: '246810' }, [null, { pin: null }]],
    [
      'setup:enrol',
      { districtUrl: 'district.example', code: 'ABCD-EFGH-JKMN', role: 'kiosk' },
      [
        null,
        { districtUrl: 'x' },
        { districtUrl: 'x', code: 'y', role: 'admin' },
        { districtUrl: '', code: 'y' },
        { districtUrl: 'x', code: 'y', stationId: 's' },
      ],
    ],
    [
      'printer:configure',
      { kind: 'network', host: '192.168.1.50', port: 9100 },
      [
        null,
        { kind: 'laser' },
        { kind: 'network', host: 'bad host!' },
        { kind: 'network', host: 'h', port: 70000 },
        { kind: 'device' },
        { kind: 'none', path: '/dev/x' },
      ],
    ],
    ['printer:test', { lang: 'en' }, [null, { lang: 'fr' }, { lang: 'en', copies: 2 }]],
    [
      'diagnostics:export',
      { folder: '/media/usb' },
      [null, { folder: 1 }, { folder: '' }, { folder: '/x', client: { pending: -1 } }],
    ],
    ['displays:choose', { id: null }, [null, { id: 5 }, { id: '' }]],
  ] as const)('%s passes a good request and refuses bad ones with bad_request', async (channel, good, bads) => {
    const { handlers, received } = recordingHandlers();
    expect(await dispatch(handlers, channel, good)).toMatchObject({ ok: true });
    for (const bad of bads) {
      expect(await dispatch(handlers, channel, bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(received).toEqual([{ channel, request: good }]);
  });

  it('passes the renderer part of a diagnostics export when it is well formed', async () => {
    const { handlers, received } = recordingHandlers();
    const client = {
      connection: 'online',
      lastSyncedAt: 1,
      pending: 0,
      lastError: null,
      storageUsage: 10,
      storageQuota: 100,
      persisted: true,
    };
    expect((await dispatch(handlers, 'diagnostics:export', { folder: '/media/usb', client })).ok).toBe(true);
    expect(received[0]?.request).toEqual({ folder: '/media/usb', client });
  });

  it('takes an activity report for the update scheduler and refuses a malformed one', async () => {
    const { handlers, received } = recordingHandlers();
    const report = {
      activeScreen: 'detail',
      openTicketFlow: true,
      staffSignedIn: false,
      lastInteractionAt: 1_700_000_000_000,
    };
    expect((await dispatch(handlers, 'station:activity', report)).ok).toBe(true);
    for (const bad of [
      null,
      { ...report, activeScreen: '' },
      { ...report, openTicketFlow: 'yes' },
      { ...report, lastInteractionAt: -1 },
      { ...report, extra: 1 },
    ]) {
      expect(await dispatch(handlers, 'station:activity', bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(received).toEqual([{ channel: 'station:activity', request: report }]);
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
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(problem) },
    });
    expect(received).toEqual([]);
  });

  it.each([
    ['printer:configure', { kind: 'laser' }, 'request.kind must be one of network, device, system, none'],
    ['printer:configure', { kind: 'network', host: 'bad host!' }, 'request.host must be a host name or IP address'],
    [
      'printer:configure',
      { kind: 'network', host: 'h', port: 0 },
      'request.port must be a whole number from 1 to 65535',
    ],
    ['printer:configure', { kind: 'none', path: '/dev/lp0' }, 'request has unknown field "path"'],
    ['setup:enrol', { districtUrl: 'x' }, 'request.code is missing'],
    [
      'setup:enrol',
      { districtUrl: 'x', code: 'y', role: 'admin' },
      'request.role must be one of kiosk, counter, display',
    ],
    ['diagnostics:export', { folder: '/x', client: { pending: 0 } }, 'request.client.connection is missing'],
    ['displays:choose', { id: 5 }, 'request.id must be null or a string of 1 to 128 characters'],
    ['app:getInfo', {}, 'request must be null: this channel takes no request'],
  ] as const)('%s names the wrong field of %j for the technician', async (channel, payload, problem) => {
    const { handlers, received } = recordingHandlers();
    expect(await dispatch(handlers, channel, payload)).toEqual({
      ok: false,
      error: { code: 'bad_request', message: `${channel}: ${problem}` },
    });
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
    expect(await dispatch(handlers, 'catalog:loadDemo', null)).toEqual({
      ok: false,
      error: { code: failure.code, message: failure.message },
    });
  });
});
