/**
 * The preload: exposes exactly one object, `window.kiosk`, whose `invoke` forwards
 * contract channels to the main process. No logic lives here and `ipcRenderer`
 * itself is never exposed, so the page can reach nothing but the device API.
 * Sandboxed preloads cannot require local files: scripts/build-electron.mjs
 * bundles this file, inlining the channel names (never the schemas).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES } from '#ipc/channel-names.ts';
import type { KioskPlatform } from '#ipc/contract.ts';

const allowedChannels = new Set<string>(CHANNEL_NAMES);

const kiosk = {
  invoke(channel, request) {
    // Main refuses unknown channels too; answering here keeps ipcRenderer from being a generic pipe.
    if (!allowedChannels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `"${String(channel)}" is not a device API channel` },
      });
    }
    return ipcRenderer.invoke(channel, request);
  },
} satisfies KioskPlatform;

contextBridge.exposeInMainWorld('kiosk', kiosk);
