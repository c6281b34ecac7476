/**
 * The channel schemas are the device API's one source: the handlers' types come
 * from them and the request checks are compiled from them. These tests hold the
 * other half: what the real device services answer matches each channel's
 * response schema, so a service that drifts from the contract fails here.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName } from '#ipc/channel-names.ts';
import { CHANNEL_SCHEMAS } from '#ipc/channel-schemas.ts';
import { RESPONSE_CHECKS, dispatch } from '#ipc/validate.ts';
import { createDeviceServices } from '#services/device-services.ts';

const demoCatalogPath = fileURLToPath(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url));

describe('channel schemas', () => {
  it('declare a request and a response for exactly the channels the preload forwards', () => {
    expect(Object.keys(CHANNEL_SCHEMAS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('refuse an answer outside the contract', () => {
    const status = { kind: 'none', printer: 'no printer', reachable: null, paper: 'unknown', problem: null };
    expect(RESPONSE_CHECKS['printer:status'](status).ok).toBe(true);
    expect(RESPONSE_CHECKS['printer:status']({ ...status, paper: 'low' })).toMatchObject({ ok: false });
    expect(RESPONSE_CHECKS['printer:status']({ ...status, problem: { code: 'jammed', message: 'x' } })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('response.problem.code'),
    });
  });

  it('match what the real device services answer on every channel a fresh device can answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doorstep-schemas-'));
    const { handlers } = createDeviceServices({
      dataDir: dir,
      demoCatalogPath,
      appInfo: { version: '1.0.0', runtime: 'browser' },
      stderr: { write: () => true },
      demoMode: true,
    });
    const calls: [ChannelName, unknown][] = [
      ['app:getInfo', null],
      ['config:get', null],
      ['catalog:loadDemo', null],
      ['sync:getSession', null],
      ['setup:getState', null],
      ['technician:setPin', { pin: '246810' }],
      ['technician:verifyPin', { pin: '135799' }],
      ['technician:verifyPin', { pin: '246810' }],
      ['printer:configure', { kind: 'none' }],
      ['printer:test', { lang: 'en' }],
      ['printer:status', null],
      ['diagnostics:get', null],
      ['displays:list', null],
      ['displays:choose', { id: null }],
      ['log:write', { level: 'info', module: 'test', message: 'hello' }],
      [
        'station:activity',
        { openTicketFlow: false, activeScreen: 'home', staffSignedIn: false, lastInteractionAt: null },
      ],
    ];
    for (const [channel, request] of calls) {
      const result = await dispatch(handlers, channel, request);
      expect(result, channel).toMatchObject({ ok: true });
      if (result.ok) expect(RESPONSE_CHECKS[channel](result.value), channel).toEqual({ ok: true, value: result.value });
    }
  });
});
