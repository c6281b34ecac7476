import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '#ipc/contract.ts';
import { bundleEntry, runBundle } from '#tests/unit/electron/support/run-bundled.ts';

let bundle: string;
beforeAll(async () => {
  bundle = await bundleEntry('electron/preload/preload.ts');
});

/** Runs the preload bundle and returns what it exposed to the page. */
function exposedApi() {
  const exposed = new Map<string, unknown>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) };
  runBundle(bundle, { contextBridge, ipcRenderer });
  return { exposed, ipcRenderer };
}

describe('preload', () => {
  it('is one self-contained file that needs nothing but electron', () => {
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly window.kiosk with invoke, and not ipcRenderer', () => {
    const { exposed, ipcRenderer } = exposedApi();
    expect([...exposed.keys()]).toEqual(['kiosk']);
    const kiosk = exposed.get('kiosk') as Record<string, unknown>;
    expect(Object.keys(kiosk)).toEqual(['invoke']);
    expect(Object.values(kiosk)).not.toContain(ipcRenderer);
  });

  it('forwards every contract channel with its request', async () => {
    const { exposed, ipcRenderer } = exposedApi();
    const { invoke } = exposed.get('kiosk') as { invoke: (channel: string, request: unknown) => Promise<unknown> };
    for (const channel of CHANNEL_NAMES) {
      await expect(invoke(channel, null)).resolves.toEqual({ ok: true, value: { channel, request: null } });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNEL_NAMES.length);
  });

  it('does not forward other channel names', async () => {
    const { exposed, ipcRenderer } = exposedApi();
    const { invoke } = exposed.get('kiosk') as { invoke: (channel: string, request: unknown) => Promise<unknown> };
    await expect(invoke('ELECTRON_BROWSER_REQUIRE', 'fs')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});
