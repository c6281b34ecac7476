/** Waiting between retries that a stop cuts short. */

/**
 * Resolves after `ms`, or at once when `signal` aborts. The abort listener goes
 * away when the wait ends: during an outage the client waits before every retry,
 * and a listener left behind each time would pile up on the one long-lived signal.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
