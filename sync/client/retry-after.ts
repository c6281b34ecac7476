/**
 * The district's "wait" (429, or 503 while it restarts, with `Retry-After`): the
 * device waits exactly that long before its next request, instead of its own
 * backoff. Retrying sooner would only be refused again; waiting longer would
 * leave a station out of step for nothing.
 */

/** The longest wait honoured; a larger value (a misconfigured proxy) is cut to this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Milliseconds a `Retry-After` value asks for (seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/**
 * Remembers the district's latest "wait" for every request of one device. Requests
 * run side by side (RxDB pushes several batches at once): one that succeeds while
 * another was told to wait does not cancel the wait.
 */
export class RetryAfterGate {
  /** Until when the district asked this device not to call; 0 when it never did. */
  private until = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** How long to wait before the next request: what is left of the district's wait, else `backoffMs`. */
  delay(backoffMs: number): number {
    const left = this.until - this.now();
    return left > 0 ? left : backoffMs;
  }

  /** Notes what a response says about waiting. */
  note(response: Response): void {
    if (response.status !== 429 && response.status !== 503) return;
    const waitMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (waitMs !== null) this.until = Math.max(this.until, this.now() + waitMs);
  }
}
