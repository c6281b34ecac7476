/**
 * A lightweight reader of the multiplexed replication stream (node:http, one
 * socket each), for simulating many stations' devices at once. It only parses
 * events and timestamps them; it stores nothing.
 */
import { request, type ClientRequest } from 'node:http';
import { MULTIPLEX_STREAM_PATH, type MultiplexedStreamEvent } from '#protocol/wire-messages.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import { wallMs } from './util.ts';

export interface RawStream {
  /** Events received (data lines), heartbeats not counted. */
  events: number;
  ended: boolean;
  close(): void;
}

/**
 * Opens the stream; resolves once the server's ": connected" comment arrived.
 * `onEvent` gets each event with the time its bytes arrived.
 */
export function openRawStream(
  baseUrl: string,
  credential: string,
  onEvent: (event: MultiplexedStreamEvent, at: number) => void,
  timeoutMs: number,
): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const url = new URL(MULTIPLEX_STREAM_PATH, baseUrl);
    const stream: RawStream = {
      events: 0,
      ended: false,
      close: () => void req.destroy(),
    };
    let opened = false;
    const timer = setTimeout(() => {
      if (opened) return;
      req.destroy();
      reject(new Error(`stream did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    const req: ClientRequest = request(
      url,
      {
        agent: false,
        headers: {
          authorization: `Bearer ${credential}`,
          accept: 'text/event-stream',
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          clearTimeout(timer);
          res.resume();
          reject(new Error(`stream HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = wallMs();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(':')) {
              if (!opened && block.startsWith(': connected')) {
                opened = true;
                clearTimeout(timer);
                resolve(stream);
              }
              continue;
            }
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (!data) continue;
            stream.events++;
            onEvent(JSON.parse(data) as MultiplexedStreamEvent, at);
          }
        });
        const ended = () => {
          stream.ended = true;
        };
        res.on('end', ended);
        res.on('close', ended);
        res.on('error', ended);
      },
    );
    req.on('error', (error) => {
      stream.ended = true;
      if (!opened) {
        clearTimeout(timer);
        reject(error);
      }
    });
    req.end();
  });
}
