import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '#ipc/contract.ts';
import { createHandlers } from '#ipc/handlers.ts';
import { installIpc } from '#main/ipc.ts';
import { defaultDeviceConfig } from '#services/device-config.ts';

function installed() {
  const listeners = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
  const ipcMain = { handle: (channel: string, listener: never) => listeners.set(channel, listener) };
  const config = defaultDeviceConfig('device-9');
  const handlers = createHandlers({
    configStore: { get: async () => config },
    demoCatalog: { load: async () => ({ ok: false, error: { code: 'catalog_missing', message: 'none' } }) },
    logger: { write: vi.fn() },
    appInfo: { version: '1.0.0', runtime: 'electron' },
    credentialStore: { get: async () => null },
    printTicket: async () => ({ printed: false }),
  });
  const logger = { warn: vi.fn(), error: vi.fn() };
  installIpc({ ipcMain: ipcMain as unknown as IpcMain, handlers, logger });
  const invoke = (channel: string, frameUrl: string | null, payload: unknown = null) =>
    listeners.get(channel)!(
      { senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as IpcMainInvokeEvent,
      payload,
    );
  return { listeners, invoke, config, logger };
}

describe('IPC wiring', () => {
  it('handles every channel of the contract', () => {
    expect([...installed().listeners.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('answers the app’s own frames through the shared dispatch', async () => {
    const { invoke, config } = installed();
    expect(await invoke('config:get', 'app://kiosk/index.html')).toEqual({ ok: true, value: config });
    expect(await invoke('log:write', 'app://kiosk/index.html', { level: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it.each(['https://evil.example/', 'file:///tmp/x.html', null])('refuses frames from %s', async (frameUrl) => {
    const { invoke, logger } = installed();
    expect(await invoke('config:get', frameUrl)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(logger.warn).toHaveBeenCalled();
  });
});
