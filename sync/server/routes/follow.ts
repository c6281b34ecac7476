/**
 * "Follow your turn on a phone": the page a ticket's QR code opens, and the device
 * route that gives a station's devices the key they sign those links with.
 *
 * - GET /t/<ticketId>.<token>[?lang=en]: the page (no app, no sign-in). The token
 *   is checked in constant time against HMAC(station key, ticketId); an unknown
 *   ticket, a wrong token and a malformed link get one and the same answer.
 * - GET /t/<ticketId>.<token>/live: server-sent events with the page's <main>
 *   again whenever the station's tickets change (the change feed), and every
 *   minute (the estimate and "last heard" move with time).
 * - GET /api/v1/follow-key (device credential): `{ key, publicUrl }` for the
 *   device's own station, cached by the device for offline use.
 *
 * The link is the only secret, so every page answer tells the browser not to keep
 * it or pass it on (no-store, no-referrer), and the whole /t/ tree is rate-limited
 * per address.
 */
import { randomUUID, timingSafeEqual, webcrypto } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  FOLLOW_KEY_BYTES,
  FOLLOW_KEY_PATH,
  followToken,
  parseFollowRef,
  toBase64Url,
  type FollowKeyResponse,
  type HmacSubtle,
} from '#protocol/follow-link.ts';
import { isLang, type Lang } from '#protocol/languages.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { ChangeFeed, StreamSubscriber } from '#server/domain/change-feed.ts';
import { deviceAuth, deviceOf } from '#server/http/auth.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { FOLLOW_CSS, FOLLOW_JS } from '#server/follow/follow-assets.ts';
import {
  FOLLOW_ASSET_PATHS,
  INVALID_LINK_HTML,
  followMainHtml,
  followPageHtml,
  followTitle,
} from '#server/follow/follow-page.ts';
import { followStore, type FollowStore } from '#server/follow/follow-store.ts';
import { followView } from '#server/follow/follow-view.ts';

export interface FollowRouteOptions {
  repo: DistrictRepository;
  feed: ChangeFeed;
  /** Where phones reach this district; when absent, the address the device used. */
  publicUrl?: string;
  /** Page and live-update requests one address may make per minute (http/limits.ts). */
  requestsPerMinute: number;
  /** Live-update interval for time-driven changes, and the heartbeat (tests shorten them). */
  refreshMs?: number;
  heartbeatMs?: number;
}

/** The page's policy: its own stylesheet and script, its own live updates, nothing else, in no frame. */
export const FOLLOW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': FOLLOW_CSP,
  'x-content-type-options': 'nosniff',
  // The URL is the secret: never sent on to another site.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const REFRESH_MS = 60_000;
const HEARTBEAT_MS = 15_000;
/** Recompute at most this often while tickets change quickly. */
const DEBOUNCE_MS = 250;
/** Live streams one ticket may have open at once, and all of them on this instance. */
const STREAMS_PER_TICKET = 4;
const STREAMS_MAX = 10_000;

const subtle = webcrypto.subtle as unknown as HmacSubtle;
/** Checked when the ticket is unknown, so that case costs the same HMAC as a wrong token. */
const DECOY_KEY = toBase64Url(webcrypto.getRandomValues(new Uint8Array(FOLLOW_KEY_BYTES)));

function invalid(reply: FastifyReply): FastifyReply {
  return reply.code(404).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(INVALID_LINK_HTML);
}

/** The ticket a link names, if its token is right; null otherwise (and then the caller reveals nothing). */
async function checkLink(store: FollowStore, ref: string): Promise<TicketDoc | null> {
  const parsed = parseFollowRef(ref);
  if (!parsed) return null;
  const target = await store.target(parsed.ticketId);
  const expected = await followToken(subtle, target?.stationKey ?? DECOY_KEY, parsed.ticketId);
  // Both are FOLLOW_TOKEN_LENGTH base64url characters (the pattern says so), so the compare runs in constant time.
  const match = timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(parsed.token, 'ascii'));
  return match && target?.stationKey ? target.ticket : null;
}

function langOf(request: FastifyRequest, ticket: TicketDoc): Lang {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLang(asked) ? asked : ticket.lang;
}

export const followRoutes: FastifyPluginAsync<FollowRouteOptions> = async (app, options) => {
  const { repo, feed } = options;
  const store = followStore(repo.db);
  const refreshMs = options.refreshMs ?? REFRESH_MS;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;

  await app.register(async (scope) => {
    scope.addHook('onRequest', deviceAuth(repo));
    scope.get(FOLLOW_KEY_PATH, async (request): Promise<FollowKeyResponse> => {
      const device = deviceOf(request);
      const publicUrl = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      return { key: await store.keyFor(device.stationId), publicUrl };
    });
  });

  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: options.requestsPerMinute,
      timeWindow: 60_000,
      // A plain page, like every other answer here: a phone shows it, not a program.
      errorResponseBuilder: () => ({ statusCode: 429, message: 'too many requests; wait a minute' }),
    });
    scope.get(FOLLOW_ASSET_PATHS.css, async (_request, reply) =>
      reply
        .headers({ ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' })
        .type('text/css; charset=utf-8')
        .send(FOLLOW_CSS),
    );
    scope.get(FOLLOW_ASSET_PATHS.js, async (_request, reply) =>
      reply
        .headers({ ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' })
        .type('text/javascript; charset=utf-8')
        .send(FOLLOW_JS),
    );

    scope.get<{ Params: { ref: string } }>('/t/:ref', async (request, reply) => {
      const ticket = await checkLink(store, request.params.ref);
      if (!ticket) return invalid(reply);
      const now = Date.now();
      const view = followView(ticket, await store.facts(ticket, now), now);
      return reply
        .headers(PAGE_HEADERS)
        .type('text/html; charset=utf-8')
        .send(followPageHtml(view, langOf(request, ticket), request.params.ref, now));
    });

    const perTicket = new Map<string, number>();
    let streams = 0;
    scope.get<{ Params: { ref: string } }>('/t/:ref/live', async (request, reply) => {
      const checked = await checkLink(store, request.params.ref);
      if (!checked) return invalid(reply);
      const ticket = checked;
      const held = perTicket.get(ticket.id) ?? 0;
      if (held >= STREAMS_PER_TICKET || streams >= STREAMS_MAX) {
        return reply.code(429).headers(PAGE_HEADERS).send({ statusCode: 429, message: 'too many live pages' });
      }
      perTicket.set(ticket.id, held + 1);
      streams++;
      const lang = langOf(request, ticket);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...PAGE_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 5000\n\n');

      let open = true;
      let last = '';
      let timer: NodeJS.Timeout | undefined;
      let running = false;
      let again = false;
      const send = async () => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          do {
            again = false;
            const [row] = await repo.db.query<{ doc: TicketDoc }>(
              'SELECT doc FROM tickets WHERE id = $1 AND NOT deleted',
              [ticket.id],
            );
            if (!open) return;
            if (!row) {
              res.write('event: gone\ndata: {}\n\n');
              end();
              return;
            }
            const now = Date.now();
            const view = followView(row.doc, await store.facts(row.doc, now), now);
            const data = JSON.stringify({ html: followMainHtml(view, lang, now), title: followTitle(view, lang) });
            if (open && data !== last) {
              last = data;
              res.write(`event: view\ndata: ${data}\n\n`);
            }
          } while (again && open);
        } catch (error) {
          request.log.warn({ err: error }, 'follow page update failed');
        } finally {
          running = false;
        }
      };
      const soon = () => {
        if (timer || !open) return;
        timer = setTimeout(() => {
          timer = undefined;
          void send();
        }, DEBOUNCE_MS);
      };
      // A listener, not a device: it only hears that the station's tickets or station document changed.
      const listener: StreamSubscriber = {
        device: {
          id: `follow:${randomUUID()}`,
          stationId: ticket.stationId,
          role: 'display',
          issuingSlot: 0,
          issuingSlots: 1,
        },
        send: soon,
        close: () => end(),
      };
      const unsubscribe = [feed.subscribe('tickets', listener), feed.subscribe('stations', listener)];
      const refresh = setInterval(() => void send(), refreshMs);
      const heartbeat = setInterval(() => open && res.write(': heartbeat\n\n'), heartbeatMs);
      function end() {
        if (!open) return;
        open = false;
        clearTimeout(timer);
        clearInterval(refresh);
        clearInterval(heartbeat);
        unsubscribe.forEach((u) => u());
        const left = (perTicket.get(ticket.id) ?? 1) - 1;
        if (left > 0) perTicket.set(ticket.id, left);
        else perTicket.delete(ticket.id);
        streams--;
        res.end();
      }
      res.on('close', end);
      res.on('error', end);
      if (res.destroyed) end();
      // The page may have been rendered a moment ago; the first event brings it up to date.
      void send();
    });
  });
};
