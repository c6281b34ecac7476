/**
 * The device side for component tests: `window.kiosk` answers every channel and
 * records what it was asked. Installed once per test file by dom-setup.ts, before
 * any screen runs, because the platform module keeps the first `window.kiosk` it sees.
 */
import type { ChannelName, DeviceResult, KioskPlatform } from '#ipc/contract.ts';

/** Every device call the screens made, in order; dom-setup.ts empties it before each test. */
export const deviceCalls: { channel: ChannelName; request: unknown }[] = [];

const fakeDevice: KioskPlatform = {
  invoke: async (channel, request) => {
    deviceCalls.push({ channel, request });
    // No printer on this test device: the ticket stays on screen, as on a kiosk without one.
    const value = channel === 'printer:printTicket' ? { printed: false } : null;
    return { ok: true, value } as DeviceResult<never>;
  },
};

window.kiosk = fakeDevice;
