/**
 * The only code that touches `window.kiosk`. In Electron the preload exposes it;
 * in the browser mode the same contract is served by the loopback host.
 */
import type { Channels, ChannelName, DeviceErrorCode, DeviceResult, KioskPlatform } from '#ipc/contract.ts';
import { browserPlatform } from './browser-platform.ts';

declare global {
  interface Window {
    kiosk?: KioskPlatform;
  }
}

let platform: KioskPlatform | undefined;

/** The device platform for this runtime. */
export function getPlatform(): KioskPlatform {
  platform ??= window.kiosk ?? browserPlatform;
  return platform;
}

/** Whether the renderer is running inside Electron (the preload exposed `window.kiosk`). */
export function isElectron(): boolean {
  return window.kiosk !== undefined;
}

export class DeviceCallError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly code: DeviceErrorCode,
    message: string,
  ) {
    super(`${channel}: ${message}`);
    this.name = 'DeviceCallError';
  }
}

/** Calls a device channel and unwraps the result, throwing DeviceCallError on failure. */
export async function callDevice<C extends ChannelName>(
  channel: C,
  request: Channels[C]['request'],
): Promise<Channels[C]['response']> {
  const result: DeviceResult<Channels[C]['response']> = await getPlatform().invoke(channel, request);
  if (!result.ok) throw new DeviceCallError(channel, result.error.code, result.error.message);
  return result.value;
}
