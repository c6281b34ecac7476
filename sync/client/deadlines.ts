/**
 * How long the device waits on a silent connection before it gives up and tries
 * again. A half-killed connection (a NAT entry dropped, an access point gone, a
 * proxy that lost the far side) raises no error: bytes just stop. RxDB's
 * replication loop waits on each request it makes, and new rows are learnt of
 * only from the live stream, so without these deadlines one such connection
 * stops a device pulling or uploading for good (Chromium never times a request
 * out; Node's fetch only after 300 s).
 *
 * The deadlines measure silence, not total time: an answer that keeps arriving
 * is never cut, however big the batch or slow the link.
 */
import { STREAM_HEARTBEAT_MS } from '#protocol/wire-messages.ts';

/**
 * Longest wait for an answer to begin, on top of the time to send the request.
 * The district answers a pull with one indexed query of at most 1000 rows
 * (PULL_LIMIT_MAX) and a push with one transaction of at most 500 rows
 * (PUSH_BATCH_MAX): about 0.1 s and 0.2 s measured on this project's 2-core
 * machine. A district a hundred times slower than that is as good as down, and
 * trying again (with backoff) costs it one more small request.
 */
export const ANSWER_START_MS = 20_000;

/**
 * The slowest uplink a station is expected to push through: 128 kbit/s, a weak
 * mobile signal. A push cannot be answered before its body has arrived, so its
 * wait grows with its size: a full push (under 1 MiB) may take another 54 s.
 */
export const SLOW_UPLINK_BYTES_PER_S = 16 * 1024;

/**
 * Longest silence inside an answer that has begun. A live link delivers the
 * next bytes of an answer within TCP's retransmission time (a few seconds even
 * on a poor link); 20 s without any means the connection is dead.
 */
export const ANSWER_SILENCE_MS = 20_000;

/** How long a request may stay unanswered, given how many bytes it sends (and the wait before its answer begins). */
export function answerStartMs(requestBytes: number, startMs: number = ANSWER_START_MS): number {
  return startMs + Math.ceil((requestBytes / SLOW_UPLINK_BYTES_PER_S) * 1000);
}

/**
 * The two waits on an answer, for a replication that must not use the field
 * values above: tests that script a silent connection use seconds, so each case
 * proves the give-up-and-retry path without sitting out 20 s of real silence.
 */
export interface AnswerDeadlines {
  startMs: number;
  silenceMs: number;
}

/**
 * How long the live stream may stay silent before the device takes it for dead:
 * two missed heartbeats, plus 5 s for a loaded server or a slow link. The
 * district says its heartbeat interval (STREAM_HEARTBEAT_HEADER); the protocol's
 * interval stands in until it has.
 */
export function streamSilenceMs(heartbeatMs: number = STREAM_HEARTBEAT_MS): number {
  return 2 * heartbeatMs + 5_000;
}

/** Why a request was given up: named so diagnostics show "no answer", not a bare "aborted". */
export class SilenceTimeout extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what}: nothing heard from the district for ${Math.round(ms / 1000)} s; trying again`);
    this.name = 'SilenceTimeout';
  }
}

/**
 * A signal for one request that aborts when the connection stays silent for the
 * armed time, or when `parent` (the device stopping sync) aborts. Every sign of
 * life re-arms it; `clear()` ends the watch when the request is done.
 */
export class SilenceDeadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onParentAbort = () => this.abort(this.parent.reason);

  constructor(
    private readonly parent: AbortSignal,
    private readonly what: string,
  ) {
    // A listener on the one long-lived parent signal, removed again in clear(): one left
    // behind by every request would pile up over a day of syncing.
    if (parent.aborted) this.abort(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts unless re-armed (or cleared) within `ms`. */
  arm(ms: number): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.abort(new SilenceTimeout(this.what, ms)), ms);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  private abort(reason: unknown): void {
    this.clear();
    this.controller.abort(reason);
  }
}

/**
 * Reads a whole body as text, re-arming `deadline` at every chunk so a large
 * answer that keeps arriving is never cut.
 */
export async function readBodyText(response: Response, deadline: SilenceDeadline, silenceMs: number): Promise<string> {
  if (!response.body) return '';
  deadline.arm(silenceMs);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    deadline.arm(silenceMs);
    text += value;
  }
}
