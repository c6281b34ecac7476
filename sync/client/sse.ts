/**
 * A server-sent-events reader over fetch, because EventSource cannot send the
 * device's Authorization header. Yields each event's data; comment lines
 * (heartbeats) only prove the connection alive.
 */
import { httpErrorOf } from './http-error.ts';

export interface SseHandlers {
  onOpen(): void;
  onData(data: string): void;
}

/** Reads the stream until it ends or `signal` aborts. Throws on HTTP errors. */
export async function readEventStream(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  handlers: SseHandlers,
): Promise<void> {
  const response = await fetch(url, {
    headers: { ...headers, accept: 'text/event-stream' },
    signal,
    cache: 'no-store',
  });
  if (!response.ok) throw await httpErrorOf(response, 'stream ');
  if (!response.body) throw new Error(`stream ${response.status} without a body`);
  handlers.onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
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
}
