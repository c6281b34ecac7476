import { describe, expect, it } from 'vitest';
import type { AppInfo, DeviceConfig, LogEntry } from '#ipc/contract.ts';
import { createHandlers, RENDERER_LOG_PREFIX, type HandlerDeps } from '#ipc/handlers.ts';
import { dispatch } from '#ipc/validate.ts';
import { defaultDeviceConfig } from '#services/device-config.ts';

function deps(overrides: Partial<HandlerDeps> = {}) {
  const written: LogEntry[] = [];
  const config: DeviceConfig = defaultDeviceConfig('device-7');
  const appInfo: AppInfo = { version: '3.2.1', runtime: 'electron' };
  const all: HandlerDeps = {
    configStore: { get: async () => config },
    demoCatalog: { load: async () => ({ ok: false, error: { code: 'catalog_missing', message: 'no catalog here' } }) },
    logger: { write: (entry) => written.push(entry) },
    appInfo,
    credentialStore: { get: async () => null },
    printTicket: async () => ({ printed: false }),
    ...overrides,
  };
  return { all, written, config, appInfo };
}

describe('device API handlers', () => {
  it('answers the app info and the device config', async () => {
    const { all, config, appInfo } = deps();
    const handlers = createHandlers(all);
    expect(await dispatch(handlers, 'app:getInfo', null)).toEqual({ ok: true, value: appInfo });
    expect(await dispatch(handlers, 'config:get', null)).toEqual({ ok: true, value: config });
  });

  it('writes renderer log entries to the device log, marked as coming from the renderer', async () => {
    const { all, written } = deps();
    const entry: LogEntry = { level: 'error', module: 'staff/login', message: 'wrong PIN three times' };
    await dispatch(createHandlers(all), 'log:write', entry);
    expect(written).toEqual([{ ...entry, module: RENDERER_LOG_PREFIX + entry.module }]);
  });

  it('gives the renderer its district session once enrolled, and nothing before', async () => {
    const { all } = deps();
    expect(await dispatch(createHandlers(all), 'sync:getSession', null)).toEqual({ ok: true, value: null });
    const session = { districtUrl: 'https://district.example', credential: 'secret-token' };
    const enrolled = deps({
      credentialStore: { get: async () => ({ ...session, deviceId: 'd', stationId: 's', enrolledAt: 'x' }) },
    }).all;
    expect(await dispatch(createHandlers(enrolled), 'sync:getSession', null)).toEqual({ ok: true, value: session });
  });

  it('answers a catalog problem with the catalog service’s own error', async () => {
    const { all } = deps();
    expect(await dispatch(createHandlers(all), 'catalog:loadDemo', null)).toEqual({
      ok: false,
      error: { code: 'catalog_missing', message: 'no catalog here' },
    });
  });
});
