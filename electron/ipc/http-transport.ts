/**
 * The browser host's HTTP form of the device API, shared by the host (electron/host)
 * and the renderer's browser platform so the two cannot drift apart.
 *
 * `POST ${KIOSK_API_PATH}<channel>` with the JSON body `{ "request": … }` answers a
 * `DeviceResult` as JSON. The HTTP status mirrors the error code (400, 403, 404, 413,
 * 500), but the body is always a DeviceResult: read it whatever the status.
 */

/** Path prefix of the device API; the channel name follows it. */
export const KIOSK_API_PATH = '/kiosk-api/';

/** Largest request body the host accepts. Log entries are the biggest requests and stay far below. */
export const MAX_REQUEST_BYTES = 64 * 1024;
