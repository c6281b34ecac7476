/**
 * GET /api/v1/replication/<collection>/stream: server-sent events for RxDB's
 * `pull.stream$`. Each event is `data: <JSON StreamMessage>`; comment lines
 * (`: …`) are heartbeats. The client should emit 'RESYNC' itself whenever the
 * stream (re)opens, because changes made while it was closed are not replayed.
 */
import type { FastifyPluginAsync } from 'fastify';
import { REPLICATED_COLLECTIONS, STREAM_HEARTBEAT_MS, type StreamMessage } from '#protocol/replication.ts';
import { deviceOf } from '../http/auth.ts';
import type { ChangeFeed } from '../replication/change-feed.ts';

/** A client that stops reading gets cut off instead of growing the server's memory; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface StreamRouteOptions {
  feed: ChangeFeed;
  heartbeatMs?: number;
}

export const streamRoutes: FastifyPluginAsync<StreamRouteOptions> = async (app, { feed, heartbeatMs = STREAM_HEARTBEAT_MS }) => {
  for (const name of REPLICATED_COLLECTIONS) {
    app.get(`/${name}/stream`, async (request, reply) => {
      const device = deviceOf(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      // Sent at once so the client knows the stream is open (and can RESYNC).
      res.write(': connected\n\n');

      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      };
      const write = (chunk: string) => {
        if (!open) return;
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          request.log.warn({ deviceId: device.id, collection: name }, 'stream client is not reading; closing its stream');
          end();
          res.destroy();
          return;
        }
        res.write(chunk);
      };
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      const unsubscribe = feed.subscribe(name, {
        device,
        send: (message: StreamMessage<Record<string, unknown>>) => write(`data: ${JSON.stringify(message)}\n\n`),
        close: end,
      });
      // The response closes when the client goes away (or when end() finished it).
      res.on('close', end);
      request.log.debug({ deviceId: device.id, collection: name }, 'stream opened');
    });
  }
};
