/**
 * The district server's HTTP contract, shared by the device client and the server:
 * protocol version, base paths, error codes and the error body. Runtime-free.
 */

/** Version of the device ↔ district protocol. Bumped only for incompatible changes. */
export const PROTOCOL_VERSION = 1;

/**
 * Optional request header naming the protocol a device speaks. A value other than
 * PROTOCOL_VERSION gets 426, as does any path under another `/api/vN`.
 */
export const PROTOCOL_HEADER = 'x-doorstep-protocol';

/**
 * Optional request header with the device's app version (e.g. "1.4.0"), kept with the
 * device's last-seen time for the district's device list. A value that does not match
 * APP_VERSION_PATTERN is ignored, never an error: it only informs the operator.
 */
export const APP_VERSION_HEADER = 'x-doorstep-app-version';

/** A short semantic version: major.minor.patch with an optional pre-release tag, at most 48 characters. */
export const APP_VERSION_PATTERN = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,24})?$/;

/** The header's version when it is a well-formed one, else null. */
export function parseAppVersion(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 48 && APP_VERSION_PATTERN.test(value) ? value : null;
}

/** Base path of every versioned endpoint. */
export const API_PREFIX = `/api/v${PROTOCOL_VERSION}`;

/** Liveness and database check; unauthenticated, unversioned. */
export const HEALTH_PATH = '/health';

/** Device enrolment: trade a one-time code for a device credential. */
export const ENROL_PATH = `${API_PREFIX}/devices/enrol`;

/** The district operator's web console and its API (cookie sessions). */
export const CONSOLE_PREFIX = '/console';
export const CONSOLE_API_PREFIX = `${CONSOLE_PREFIX}/api`;

/** District operator API; needs the admin token. */
export const ADMIN_PREFIX = `${API_PREFIX}/admin`;

/** Every `error.code` the server sends, so a client can switch on them. */
export const ERROR_CODES = [
  // 400
  'bad_request',
  'invalid_json',
  'invalid_request',
  'invalid_text',
  'invalid_checkpoint',
  'batch_too_large',
  'duplicate_document',
  'invalid_yaml',
  'invalid_catalog',
  'invalid_issuing_slot',
  'invalid_service',
  'invalid_station',
  // 401
  'credential_missing',
  'credential_unknown',
  'credential_revoked',
  'admin_token_invalid',
  'sign_in_failed',
  'session_missing',
  // 403
  'admin_disabled',
  'collection_read_only',
  'wrong_station',
  'wrong_device',
  'csrf_invalid',
  'operator_forbidden',
  'sign_in_locked',
  'not_station_hub',
  // 404
  'not_found',
  'station_unknown',
  'device_unknown',
  'service_unknown',
  'staff_unknown',
  'enrolment_code_unknown',
  'hub_not_ready',
  'case_unknown',
  'project_unknown',
  'appointment_unknown',
  // 409
  'checkpoint_ahead',
  'station_exists',
  'operator_exists',
  'service_station_mismatch',
  'enrolment_code_used',
  'enrolment_role_mismatch',
  'issuing_slot_taken',
  'issuing_slots_mismatch',
  'station_hub_exists',
  'case_status_order',
  'slot_unavailable',
  'slot_full',
  'appointment_closed',
  'booking_token_used',
  'station_offline',
  // 410
  'enrolment_code_expired',
  // 413, 415, 426, 429
  'body_too_large',
  'unsupported_media_type',
  'protocol_version_unsupported',
  // 429: wait for the response's Retry-After (seconds) before trying again
  'rate_limited',
  'too_many_streams',
  'write_rate_exceeded',
  'sign_in_throttled',
  // 5xx
  'internal_error',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every non-2xx response. `details` lists individual problems when there are several. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: string[] };
}
