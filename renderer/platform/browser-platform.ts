/**
 * KioskPlatform over loopback HTTP: the browser host (electron/host) serves the very
 * same device-service handlers that Electron's main process serves over IPC.
 */
import type { Channels, ChannelName, DeviceResult, KioskPlatform } from '#ipc/contract.ts';
import { KIOSK_API_PATH, KIOSK_SECRET_HEADER, KIOSK_SECRET_META } from '#ipc/http-transport.ts';

/** The host's per-start secret, written into the page it served (electron/host/browser-host.ts). */
const secret = () => document.querySelector(`meta[name="${KIOSK_SECRET_META}"]`)?.getAttribute('content') ?? '';

async function invoke<C extends ChannelName>(
  channel: C,
  request: Channels[C]['request'],
): Promise<DeviceResult<Channels[C]['response']>> {
  try {
    const response = await fetch(`${KIOSK_API_PATH}${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [KIOSK_SECRET_HEADER]: secret() },
      body: JSON.stringify({ request }),
    });
    return (await response.json()) as DeviceResult<Channels[C]['response']>;
  } catch (error) {
    return { ok: false, error: { code: 'host_unreachable', message: `device host unreachable: ${String(error)}` } };
  }
}

export const browserPlatform = { invoke } satisfies KioskPlatform;
