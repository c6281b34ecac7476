/**
 * The station hub's part of the contract (sync/README.md, "Station hub"): the
 * district's endpoints only a station's hub may call, and the two endpoints a
 * hub serves its devices besides the ordinary replication API. Runtime-free.
 */
import { API_PREFIX } from './api.ts';
import type { DeviceRole } from './enrolment.ts';
import type { PushRow, ReplicatedCollection } from './wire-messages.ts';

/** The port a station hub listens on unless told otherwise; what setup assumes for a bare LAN address. */
export const DEFAULT_HUB_PORT = 8788;

/** Base path of the hub endpoints (on the district: hub-only; on a hub: hello and status). */
export const HUB_PREFIX = `${API_PREFIX}/hub`;

/** District: `GET` → HubDeviceList (hub credential only). */
export const HUB_DEVICES_PATH = `${HUB_PREFIX}/devices`;

/** District: pull (`POST {checkpoint, limit}` → PullResponse) and push (`POST HubPushRow[]` → PushReport) for a hub. */
export function hubReplicationPath(collection: ReplicatedCollection, op: 'pull' | 'push'): string {
  return `${HUB_PREFIX}/replication/${collection}/${op}`;
}

/** Hub: `POST HubHelloRequest` → HubHello, without credentials (the device checks the hub before it sends one). */
export const HUB_HELLO_PATH = `${HUB_PREFIX}/hello`;

/** Hub: `GET` → HubStatus, with the device's credential. */
export const HUB_STATUS_PATH = `${HUB_PREFIX}/status`;

/** One device of the station as the district tells its hub: enough to authenticate it offline. */
export interface HubDeviceEntry {
  id: string;
  name: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  /** sha256 (hex) of the device's credential: what the district stores, never the credential. */
  credentialHash: string;
  revokedAt: string | null;
  hub: boolean;
}

export interface HubDeviceList {
  stationId: string;
  /** The hub's own device id. */
  hubDeviceId: string;
  devices: HubDeviceEntry[];
}

/** A device's write carried up by the hub: the ordinary push row plus the device that made it. */
export type HubPushRow<T> = PushRow<T> & { origin: string };

export interface HubHelloRequest {
  deviceId: string;
  /** Fresh random text (16–128 characters) for every hello, so an old answer proves nothing. */
  nonce: string;
}

export interface HubHello {
  stationId: string;
  hubDeviceId: string;
  /** base64url HMAC-SHA256 keyed with sha256(hex) of the device's credential over hubProofMessage(). */
  proof: string;
}

/** What the proof signs: the nonce and the identity the hub claims. */
export function hubProofMessage(nonce: string, hubDeviceId: string, stationId: string): string {
  return `doorstep-hub-v1|${nonce}|${hubDeviceId}|${stationId}`;
}

/** The hub's uplink, as its devices show it (header and diagnostics). */
export interface HubStatus {
  stationId: string;
  hubDeviceId: string;
  /** Whether the hub's last exchange with the district succeeded and its live stream is open. */
  districtConnected: boolean;
  /** Writes of this station's devices the hub holds that the district has not stored yet. */
  waiting: number;
  /** How far behind the district the hub may be, ms: 0 when in step, else since it last was. */
  lagMs: number;
  lastContactAt: number | null;
  /** The devices that called the hub recently. */
  devices: { id: string; name: string; role: DeviceRole; lastSeenAt: string | null }[];
}
