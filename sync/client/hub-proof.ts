/**
 * A device checks that an address on the LAN is its station's hub before it sends
 * the hub its credential (sync/README.md, "Station hub"): the hub must answer a
 * fresh nonce with an HMAC keyed by the sha256 of this device's credential, which
 * only the district and the hubs it gave the station's device list hold.
 * Web Crypto, so it runs in the renderer and in Node alike.
 */
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import { HUB_HELLO_PATH, hubProofMessage, type HubHello } from '#protocol/hub.ts';

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The proof the station's real hub gives for `message`. */
export async function expectedHubProof(credential: string, message: string): Promise<string> {
  const key = hex(await crypto.subtle.digest('SHA-256', encoder.encode(credential)));
  const hmacKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return base64url(await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(message)));
}

export interface HubCheckInput {
  hubUrl: string;
  deviceId: string;
  stationId: string;
  credential: string;
  /** Gives up on a hub that does not answer within this long (a LAN answers in milliseconds). */
  timeoutMs?: number;
}

/** The hub's hello when it proved to be this station's hub; null for no answer, a stranger, or another station's hub. */
export async function verifyHub(input: HubCheckInput): Promise<HubHello | null> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(24)).buffer as ArrayBuffer);
  try {
    const response = await fetch(`${input.hubUrl.replace(/\/+$/, '')}${HUB_HELLO_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ deviceId: input.deviceId, nonce }),
      signal: AbortSignal.timeout(input.timeoutMs ?? 2000),
    });
    if (!response.ok) return null;
    const hello = (await response.json()) as Partial<HubHello>;
    if (hello.stationId !== input.stationId || typeof hello.hubDeviceId !== 'string') return null;
    const expected = await expectedHubProof(
      input.credential,
      hubProofMessage(nonce, hello.hubDeviceId, hello.stationId),
    );
    return hello.proof === expected ? (hello as HubHello) : null;
  } catch {
    return null;
  }
}
