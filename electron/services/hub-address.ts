/**
 * The station hub's address as a technician types it on another device of the
 * station, checked before it is kept: the address must answer as this station's
 * hub (sync/client/hub-proof.ts: an HMAC of a fresh nonce keyed by the sha256 of
 * this device's credential, which only the district and the hubs it gave the
 * station's device list hold). A stranger, another station's hub or silence is refused.
 */
import { verifyHub } from '#client/hub-proof.ts';
import { DeviceFailure } from '#ipc/errors.ts';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import type { DeviceCredential } from './credential-store.ts';

/**
 * "192.168.1.20" → "http://192.168.1.20:8788". A hub lives on the station's LAN, so a
 * bare address means plain http on the hub's default port; anything but an origin is refused.
 */
export function normaliseHubUrl(input: string): string {
  const text = input.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DeviceFailure('bad_request', `"${input}" is not an address`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new DeviceFailure('bad_request', `give only the hub's address, without a path: ${url.origin}`);
  }
  if (url.port === '' && !/:\d+\/?$/.test(withScheme) && url.protocol === 'http:') url.port = String(DEFAULT_HUB_PORT);
  return url.origin;
}

/** The address as kept, once the hub there proved itself; DeviceFailure('hub_not_verified') otherwise. */
export async function checkHubAddress(
  input: string,
  device: Pick<DeviceCredential, 'deviceId' | 'stationId' | 'credential'>,
): Promise<{ hubUrl: string; hubDeviceId: string }> {
  const hubUrl = normaliseHubUrl(input);
  const hello = await verifyHub({
    hubUrl,
    deviceId: device.deviceId,
    stationId: device.stationId,
    credential: device.credential,
    timeoutMs: 4000,
  });
  if (!hello) {
    throw new DeviceFailure(
      'hub_not_verified',
      `${hubUrl} did not prove it is the hub of station "${device.stationId}": check the address and that the hub device is on`,
    );
  }
  return { hubUrl, hubDeviceId: hello.hubDeviceId };
}
