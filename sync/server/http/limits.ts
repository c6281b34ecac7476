/**
 * The district's protective limits in one place: how many live streams a device
 * may hold, how much it may push per minute, how fast an address may try
 * enrolment codes, and how long a connection may take to send its request.
 * Defaults suit a real district; tests and benches pass their own.
 */

export interface ServerLimits {
  /** Live event streams one credential may hold open at once (per server instance). */
  streamsPerDevice: number;
  /** Request bytes one device may push per write window (per server instance). */
  pushBytesPerWindow: number;
  /** Documents one device may push per write window (per server instance). */
  pushDocumentsPerWindow: number;
  writeWindowMs: number;
  /** Enrolment attempts one source address may make per enrolment window. */
  enrolmentsPerWindow: number;
  enrolmentWindowMs: number;
  /** Requests one source address may make per minute to the ticket phone pages (/t/…). */
  followRequestsPerMinute: number;
  /** Time a client has to send its request headers (slow-header connections are cut). */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request, body included (slow-body connections are cut with 408). */
  requestTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed; longer than the stream heartbeat. */
  idleTimeoutMs: number;
}

/**
 * A week-offline kiosk uploads a few thousand tickets of a few hundred bytes each,
 * far below the write limits; the 23 MiB that one kiosk pushed in 4 s in a test is far above.
 */
export const DEFAULT_LIMITS: ServerLimits = {
  // The kiosk holds one multiplexed stream; a few more cover a reconnect that overlaps the old one.
  streamsPerDevice: 4,
  pushBytesPerWindow: 8 * 1024 * 1024,
  pushDocumentsPerWindow: 5_000,
  writeWindowMs: 60_000,
  // A station's technician enrols a handful of devices; a guesser needs millions of tries.
  enrolmentsPerWindow: 10,
  enrolmentWindowMs: 60_000,
  // A phone loads the page, its two files and one live stream (reconnecting at most every few
  // seconds), and many phones may share one carrier address; a guesser gets 2 tries a second
  // against 2^128 tokens.
  followRequestsPerMinute: 120,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
};

/**
 * Environment variable for each limit, as documented in sync/server/README.md.
 * The windows stay a minute in production (the names say so); only tests shorten them.
 */
export const LIMIT_ENV: Partial<Record<keyof ServerLimits, string>> = {
  streamsPerDevice: 'LIMIT_STREAMS_PER_DEVICE',
  pushBytesPerWindow: 'LIMIT_PUSH_BYTES_PER_MINUTE',
  pushDocumentsPerWindow: 'LIMIT_PUSH_DOCUMENTS_PER_MINUTE',
  enrolmentsPerWindow: 'LIMIT_ENROLMENTS_PER_MINUTE',
  followRequestsPerMinute: 'LIMIT_FOLLOW_REQUESTS_PER_MINUTE',
  headersTimeoutMs: 'HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'REQUEST_TIMEOUT_MS',
  idleTimeoutMs: 'IDLE_TIMEOUT_MS',
};

/** The defaults with `overrides` applied; throws on a limit that is not a positive whole number. */
export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new Error(`limit ${key} must be a positive whole number, got ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}

/** The limits set in `env` (LIMIT_ENV names); a malformed value is an error, not a silent default. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<ServerLimits> {
  const limits: Partial<ServerLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof ServerLimits, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a positive whole number, got "${text}"`);
    limits[key] = Number(text);
  }
  resolveLimits(limits);
  return limits;
}

/** Seconds for a Retry-After header: whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
