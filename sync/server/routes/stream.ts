/**
 * GET /api/v1/replication/<collection>/stream, and /api/v1/replication/stream for
 * every collection at once: server-sent events for RxDB's `pull.stream$`. Each event is `data: <JSON StreamMessage>`; comment lines
 * (`: …`) are heartbeats. The client should emit 'RESYNC' itself whenever the
 * stream (re)opens, because changes made while it was closed are not replayed.
 */
import type { FastifyPluginAsync, RouteHandlerMethod } from 'fastify';
import {
  REPLICATED_COLLECTIONS,
  STREAM_HEARTBEAT_HEADER,
  STREAM_HEARTBEAT_MS,
  type MultiplexedStreamEvent,
  type StreamMessage,
} from '#protocol/wire-messages.ts';
import { CORS_HEADERS } from '#server/http/cors.ts';
import { deviceOf } from '#server/http/auth.ts';
import { DomainError } from '#server/errors.ts';
import type { ChangeFeed } from '#server/domain/change-feed.ts';

/**
 * How often the devices holding a stream are marked seen. A device with nothing to
 * send makes no request while its stream stays open; without this its "last seen"
 * would stop, and the phone page (follow-view.ts) would call a connected station quiet.
 */
const NOTE_STREAMING_MS = 60_000;

/** A client that stops reading gets cut off instead of growing the server's memory; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface StreamRouteOptions {
  feed: ChangeFeed;
  /** Told every NOTE_STREAMING_MS which devices hold a stream here, for their "last seen". */
  noteStreaming?: (deviceIds: readonly string[]) => Promise<void>;
  heartbeatMs?: number;
  /** Live streams one credential may hold at once, across every stream route (per server instance). */
  maxStreamsPerDevice: number;
}

/**
 * Open streams per device. A plain count: no rate-limit library bounds how many
 * responses stay open at once, and a stream costs memory and fan-out work for as
 * long as it lives, however slowly it was opened.
 */
class StreamSlots {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Takes a slot, or throws 429 when the device already holds `max` streams. */
  /** Devices holding at least one stream now. */
  devices(): string[] {
    return [...this.open.keys()];
  }

  take(deviceId: string): () => void {
    const held = this.open.get(deviceId) ?? 0;
    if (held >= this.max) {
      throw new DomainError(
        429,
        'too_many_streams',
        `this device already holds ${held} live streams, the most the district allows; close one first`,
      );
    }
    this.open.set(deviceId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(deviceId) ?? 1) - 1;
      if (left > 0) this.open.set(deviceId, left);
      else this.open.delete(deviceId);
    };
  }
}

type Subscribe = (device: ReturnType<typeof deviceOf>, send: (data: unknown) => void, close: () => void) => () => void;

/** Opens a server-sent-events response and feeds it from `subscribe` until either side closes. */
function eventStream(subscribe: Subscribe, heartbeatMs: number, slots: StreamSlots): RouteHandlerMethod {
  return async (request, reply) => {
    const device = deviceOf(request);
    const release = slots.take(device.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
      // The device takes a stream silent for longer than a few heartbeats for dead.
      [STREAM_HEARTBEAT_HEADER]: String(heartbeatMs),
      // The app's own hooks do not run for a hijacked reply; devices read this cross-origin.
      ...CORS_HEADERS,
    });
    // Sent at once so the client knows the stream is open (and can RESYNC).
    res.write(': connected\n\n');

    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      release();
      res.end();
    };
    const write = (chunk: string) => {
      if (!open) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        request.log.warn({ deviceId: device.id, url: request.url }, 'stream client is not reading; closing its stream');
        end();
        res.destroy();
        return;
      }
      res.write(chunk);
    };
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    const unsubscribe = subscribe(device, (data) => write(`data: ${JSON.stringify(data)}\n\n`), end);
    // The response closes when the client goes away (or when end() finished it).
    res.on('close', end);
    // A write racing a disconnect can fail; without a listener that error would crash the process.
    res.on('error', end);
    // A client gone before the listeners existed would otherwise keep its stream slot forever.
    if (res.destroyed) end();
    request.log.debug({ deviceId: device.id, url: request.url }, 'stream opened');
  };
}

export const streamRoutes: FastifyPluginAsync<StreamRouteOptions> = async (
  app,
  { feed, heartbeatMs = STREAM_HEARTBEAT_MS, maxStreamsPerDevice, noteStreaming },
) => {
  const slots = new StreamSlots(maxStreamsPerDevice);
  if (noteStreaming) {
    const timer = setInterval(() => {
      noteStreaming(slots.devices()).catch((error: unknown) =>
        app.log.warn({ err: error }, 'could not mark streaming devices as seen'),
      );
    }, NOTE_STREAMING_MS);
    timer.unref();
    app.addHook('onClose', () => clearInterval(timer));
  }
  for (const name of REPLICATED_COLLECTIONS) {
    app.get(
      `/${name}/stream`,
      eventStream((device, send, close) => feed.subscribe(name, { device, send, close }), heartbeatMs, slots),
    );
  }
  // Every collection on one connection: what the kiosk uses.
  app.get(
    '/stream',
    eventStream(
      (device, send, close) => {
        const unsubscribes = REPLICATED_COLLECTIONS.map((collection) =>
          feed.subscribe(collection, {
            device,
            send: (message: StreamMessage<Record<string, unknown>>) =>
              send({ collection, message } satisfies MultiplexedStreamEvent),
            close,
          }),
        );
        return () => unsubscribes.forEach((u) => u());
      },
      heartbeatMs,
      slots,
    ),
  );
};
