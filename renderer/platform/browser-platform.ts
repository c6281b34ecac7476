/**
 * KioskPlatform over loopback HTTP: the browser host (electron/host) serves the very
 * same device-service handlers that Electron's main process serves over IPC.
 */
import type { Channels, ChannelName, DeviceResult, KioskPlatform } from '#ipc/contract.ts';
import { KIOSK_API_PATH } from '#ipc/http-transport.ts';

async function invoke<C extends ChannelName>(
  channel: C,
  request: Channels[C]['request'],
): Promise<DeviceResult<Channels[C]['response']>> {
  try {
    const response = await fetch(`${KIOSK_API_PATH}${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request }),
    });
    return (await response.json()) as DeviceResult<Channels[C]['response']>;
  } catch (error) {
    return { ok: false, error: { code: 'host_unreachable', message: `device host unreachable: ${String(error)}` } };
  }
}

export const browserPlatform = { invoke } satisfies KioskPlatform;
