/**
 * A server-sent-events reader over fetch, because EventSource cannot send the
 * device's Authorization header. Yields each event's data; comment lines
 * (heartbeats) only prove the connection alive — and a stream that stays silent
 * for longer than a few heartbeats is given up (a SilenceTimeout), because a
 * half-killed connection never ends by itself and the device would never hear
 * of another change.
 */
import { STREAM_HEARTBEAT_HEADER } from '#protocol/wire-messages.ts';
import { SilenceDeadline, streamSilenceMs } from './deadlines.ts';
import { HttpError, httpErrorOf } from './http-error.ts';

const NO_STORE = { cache: 'no-store' } as const;

/**
 * The district answered but did not open the stream (e.g. 429: every stream slot of
 * this device is held; 401: the credential is revoked — an HttpError, so the status
 * can say so).
 */
export class StreamRefused extends HttpError {
  constructor(error: HttpError) {
    super(error.status, error.code, error.message);
    this.name = 'StreamRefused';
  }
}

export interface SseHandlers {
  onOpen(): void;
  onData(data: string): void;
}

/**
 * One device's stream connections: remembers the heartbeat interval the server
 * last announced, so that a reconnect that hangs before its headers is also
 * timed by the server's interval rather than the protocol's default.
 */
export class EventStreamReader {
  private heartbeatMs: number | undefined;

  /** Reads the stream until it ends, goes silent too long, or `signal` aborts. Throws on HTTP errors. */
  async read(url: string, headers: Record<string, string>, signal: AbortSignal, handlers: SseHandlers): Promise<void> {
    const deadline = new SilenceDeadline(signal, 'live stream');
    try {
      deadline.arm(streamSilenceMs(this.heartbeatMs));
      const response = await fetch(url, {
        headers: { ...headers, accept: 'text/event-stream' },
        signal: deadline.signal,
        // Spread, because Node's fetch types (the station hub's uplink reads streams too) lack `cache`.
        ...NO_STORE,
      });
      if (!response.ok || !response.body) throw new StreamRefused(await httpErrorOf(response, 'stream '));
      const announced = Number(response.headers.get(STREAM_HEARTBEAT_HEADER));
      if (Number.isSafeInteger(announced) && announced > 0) this.heartbeatMs = announced;
      const silenceMs = streamSilenceMs(this.heartbeatMs);
      deadline.arm(silenceMs);
      handlers.onOpen();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        deadline.arm(silenceMs);
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) handlers.onData(data);
        }
      }
    } finally {
      deadline.clear();
    }
  }
}
