/**
 * The browser host's HTTP form of the device API, shared by the host (electron/host)
 * and the renderer's browser platform so the two cannot drift apart.
 *
 * `POST ${KIOSK_API_PATH}<channel>` with the JSON body `{ "request": … }`, the page's
 * own Origin and the secret header (below), answers a
 * `DeviceResult` as JSON. The HTTP status mirrors the error code (400, 403, 404, 413,
 * 500), but the body is always a DeviceResult: read it whatever the status.
 */

/** Path prefix of the device API; the channel name follows it. */
export const KIOSK_API_PATH = '/kiosk-api/';

/** Largest request body the host accepts. Log entries are the biggest requests and stay far below. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * The browser host's per-start secret: written into the index.html it serves as
 * `<meta name="${KIOSK_SECRET_META}" content="…">`, sent back by the page in the
 * `${KIOSK_SECRET_HEADER}` header with every device API call. Another web page
 * cannot read the kiosk page, so it cannot learn the secret; a call without it is 403.
 */
export const KIOSK_SECRET_META = 'doorstep-kiosk-secret';
export const KIOSK_SECRET_HEADER = 'x-doorstep-kiosk-secret';
