/**
 * The resident's booking page (issue 13 item 3), served by the district like the
 * follow page, reached from the station's link or poster QR code
 * (`…/book/<station booking key>`, GET …/stations/:id/booking-link):
 *   GET  /book/<key>                          step 1: the services that take appointments
 *   GET  /book/<key>/<service>                step 2: the next days with slots
 *   GET  /book/<key>/<service>/<day>          step 3: the times with the places left
 *   GET  /book/<key>/<service>/<day>/<HHMM>   step 4: name and the last 4 phone digits
 *   POST /book/<key>/<service>/<day>/<HHMM>   books (as "phone") and shows the check-in code
 * Every step is available only while the station is online — the district heard
 * from one of its devices within the follow page's quiet limit (follow-view.ts
 * `stationQuiet`) — otherwise it says plainly that booking is not possible now.
 * The booking itself is the district's one booking function
 * (appointments/district-booking.ts), so the phone meets the counter's rules. The
 * whole tree is rate-limited per address; bookings more tightly.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { releaseAt, slotOffers, slotSettings, slotStartAt } from '#protocol/appointment-slots.ts';
import { BOOKING_PATH_PREFIX } from '#protocol/booking-api.ts';
import { isLang, type Lang } from '#protocol/languages.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import { BOOKING_CSS } from '#server/booking/booking-assets.ts';
import {
  BOOKING_CSS_PATH,
  INVALID_BOOKING_HTML,
  bookingPageHtml,
  stepPath,
  type BookingPage,
  type BookingScreen,
  type ServiceChoice,
} from '#server/booking/booking-page.ts';
import {
  BOOKING_TOKEN_PATTERN,
  bookedWithToken,
  bookingStation,
  claimBookingToken,
  newBookingToken,
  recordBookingToken,
  type BookingStation,
} from '#server/booking/booking-store.ts';
import { stationQuiet } from '#server/follow/follow-view.ts';
import { DomainError } from '#server/errors.ts';
import { selectAppointmentsOfDays } from '#server/repositories/rule-facts-sql.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

export interface BookingRouteOptions {
  repo: DistrictRepository;
  /** Page requests one address may make per minute (http/limits.ts, the follow page's limit). */
  requestsPerMinute: number;
  /** Bookings one address may make per hour. */
  bookingsPerHour?: number;
}

/** Days ahead (from the station's today) the page offers; the rules allow more (BOOKING_DAYS_AHEAD). */
const DAYS_SHOWN = 14;
/** A family books for two or three elders from one phone; a script booking every slot is stopped. */
const BOOKINGS_PER_HOUR = 10;
const FORM_BODY_LIMIT = 2048;

/** The follow page's policy, but the page posts its one form to itself and runs no script. */
const BOOKING_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': BOOKING_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PART = /^([01][0-9]|2[0-3])([0-5][0-9])$/;

interface StepParams {
  key: string;
  service?: string;
  day?: string;
  time?: string;
}

function langOf(request: FastifyRequest): Lang {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLang(asked) ? asked : 'zh-Hans';
}

function invalid(reply: FastifyReply): FastifyReply {
  return reply.code(404).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(INVALID_BOOKING_HTML);
}

/** The station's services that take appointments and still exist, in the station's order. */
async function bookableServices(repo: DistrictRepository, target: BookingStation): Promise<ServiceChoice[]> {
  const ids = (target.station.appointmentSlots ?? []).map((s) => s.serviceId);
  if (ids.length === 0) return [];
  const rows = await repo.db.query<{ id: string; name: ServiceChoice['name'] }>(
    `SELECT id, doc->'name' AS name FROM services
     WHERE id = ANY($1::text[]) AND station_id IN ($2, '') AND NOT deleted`,
    [ids, target.stationId],
  );
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return ids.flatMap((id) => {
    const name = byId.get(id);
    return name ? [{ serviceId: id, name }] : [];
  });
}

/** The day's slots of the service with the places left: counted as the booking rules count them. */
async function slotsOf(
  repo: DistrictRepository,
  target: BookingStation,
  serviceId: string,
  days: string[],
  now: number,
) {
  const appointments = await selectAppointmentsOfDays(repo.db, target.stationId, days);
  const policy = stationCallPolicy(target.station);
  return days.map((day) => ({
    day,
    slots: slotOffers({ station: target.station, policy, appointments, now }, serviceId, day),
  }));
}

export const bookingRoutes: FastifyPluginAsync<BookingRouteOptions> = async (app, options) => {
  const { repo } = options;

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  await app.register(rateLimit, {
    max: options.requestsPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: () => ({ statusCode: 429, message: 'too many requests; wait a minute' }),
  });

  app.get(BOOKING_CSS_PATH, async (_request, reply) =>
    reply
      .headers({ ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' })
      .type('text/css; charset=utf-8')
      .send(BOOKING_CSS),
  );

  /**
   * Resolves a step's link to what the page shows, or null when the link is no
   * station's page or names something the station does not offer (then: invalid).
   */
  async function screenFor(
    target: BookingStation,
    params: StepParams,
    now: number,
  ): Promise<{ screen: BookingScreen; service?: ServiceChoice; day?: string; start?: string } | null> {
    if (stationQuiet(target.heardAt, now)) return { screen: { kind: 'offline', heardAt: target.heardAt } };
    const services = await bookableServices(repo, target);
    if (params.service === undefined) return { screen: { kind: 'services', services } };
    const service = services.find((s) => s.serviceId === params.service);
    if (!service || !slotSettings(target.station, service.serviceId)) return null;
    const offset = target.station.utcOffsetMinutes;
    if (params.day === undefined) {
      const today = Date.parse(`${stationDay(now, offset)}T00:00:00Z`);
      const days = Array.from({ length: DAYS_SHOWN }, (_, i) =>
        new Date(today + i * 86_400_000).toISOString().slice(0, 10),
      );
      const offered = (await slotsOf(repo, target, service.serviceId, days, now))
        .filter((d) => d.slots.length > 0)
        .map((d) => ({ day: d.day, free: d.slots.reduce((n, s) => n + s.remaining, 0) }));
      return { screen: { kind: 'days', service, days: offered }, service };
    }
    if (!DAY_PATTERN.test(params.day) || Number.isNaN(Date.parse(params.day))) return null;
    const slots = (await slotsOf(repo, target, service.serviceId, [params.day], now))[0]!.slots;
    if (params.time === undefined) {
      return { screen: { kind: 'slots', service, day: params.day, slots }, service, day: params.day };
    }
    const time = TIME_PART.exec(params.time);
    if (!time) return null;
    const start = `${time[1]}:${time[2]}`;
    if (!slots.some((s) => s.start === start && s.remaining > 0)) {
      // Taken or passed meanwhile: back to the times, saying so.
      return { screen: { kind: 'slots', service, day: params.day, slots }, service, day: params.day };
    }
    return {
      screen: { kind: 'details', service, day: params.day, start, token: newBookingToken() },
      service,
      day: params.day,
      start,
    };
  }

  const send = (reply: FastifyReply, page: BookingPage, lang: Lang, path: string) =>
    reply
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(bookingPageHtml(page, lang, path));

  const pageOf = (key: string, target: BookingStation, screen: BookingScreen, now: number): BookingPage => ({
    key,
    stationName: target.station.name,
    utcOffsetMinutes: target.station.utcOffsetMinutes,
    screen,
    now,
  });

  /** The check-in code page of a booking. */
  const donePage = (
    key: string,
    target: BookingStation,
    service: ServiceChoice,
    booked: AppointmentDoc,
    now: number,
  ) => {
    const offset = target.station.utcOffsetMinutes;
    const policy = stationCallPolicy(target.station);
    const slotAt = slotStartAt(booked.day, booked.start, offset);
    return pageOf(
      key,
      target,
      {
        kind: 'done',
        service,
        appointment: booked,
        checkIn: {
          from: formatStationTime(slotAt - policy.appointments.earlyMinutes * 60_000, offset),
          to: formatStationTime(releaseAt(slotAt, policy), offset),
        },
      },
      now,
    );
  };

  const show = async (request: FastifyRequest<{ Params: StepParams }>, reply: FastifyReply) => {
    const { params } = request;
    const target = await bookingStation(repo.db, params.key);
    if (!target) return invalid(reply);
    const now = Date.now();
    const resolved = await screenFor(target, params, now);
    if (!resolved) return invalid(reply);
    const page = pageOf(params.key, target, resolved.screen, now);
    if (params.time !== undefined && resolved.screen.kind === 'slots') page.notice = 'slotGone';
    return send(reply, page, langOf(request), stepPath(params.key, params.service, params.day, resolved.start));
  };

  app.get<{ Params: StepParams }>(`${BOOKING_PATH_PREFIX}:key`, show);
  app.get<{ Params: StepParams }>(`${BOOKING_PATH_PREFIX}:key/:service`, show);
  app.get<{ Params: StepParams }>(`${BOOKING_PATH_PREFIX}:key/:service/:day`, show);
  app.get<{ Params: StepParams }>(`${BOOKING_PATH_PREFIX}:key/:service/:day/:time`, show);

  app.post<{ Params: Required<StepParams>; Body: Record<string, unknown> }>(
    `${BOOKING_PATH_PREFIX}:key/:service/:day/:time`,
    {
      config: { rateLimit: { max: options.bookingsPerHour ?? BOOKINGS_PER_HOUR, timeWindow: 3_600_000 } },
      schema: { body: { type: 'object' } },
    },
    async (request, reply) => {
      const { params } = request;
      const lang = langOf(request);
      const target = await bookingStation(repo.db, params.key);
      if (!target) return invalid(reply);
      const now = Date.now();
      // The same form sent again (a second tap, a resend after a slow answer): its booking, not another.
      const token = typeof request.body.token === 'string' ? request.body.token : '';
      const tokenOk = BOOKING_TOKEN_PATTERN.test(token);
      const earlier = tokenOk ? await bookedWithToken(repo.db, token, target.stationId) : null;
      if (earlier) {
        const service = (await bookableServices(repo, target)).find((s) => s.serviceId === earlier.serviceId);
        if (service)
          return send(reply.code(200), donePage(params.key, target, service, earlier, now), lang, stepPath(params.key));
      }
      const resolved = await screenFor(target, params, now);
      if (!resolved) return invalid(reply);
      const path = stepPath(params.key, params.service, params.day, resolved.start);
      const page = pageOf(params.key, target, resolved.screen, now);
      if (resolved.screen.kind !== 'details') {
        if (resolved.screen.kind === 'slots') page.notice = 'slotGone';
        return send(reply.code(409), page, lang, path);
      }
      const { service, day, start } = resolved.screen;
      const name = typeof request.body.name === 'string' ? request.body.name.trim() : '';
      const phoneLast4 = typeof request.body.phoneLast4 === 'string' ? request.body.phoneLast4.trim() : '';
      if (name === '' || [...name].length > 40 || !/^\d{4}$/.test(phoneLast4)) {
        page.screen = { ...resolved.screen, problem: 'badDetails' };
        return send(reply.code(400), page, lang, path);
      }
      try {
        const { booked, again } = await repo.db.transaction(async (tx) => {
          const first = tokenOk ? await claimBookingToken(tx, token, target.stationId) : null;
          if (first) return { booked: first, again: true };
          const made = await repo.bookings.book(
            tx,
            target.stationId,
            { serviceId: service.serviceId, day, start, name, phoneLast4 },
            'phone',
          );
          if (tokenOk) await recordBookingToken(tx, token, made.id);
          return { booked: made, again: false };
        });
        if (!again)
          request.log.info({ stationId: target.stationId, appointmentId: booked.id }, 'appointment booked on a phone');
        return send(
          reply.code(again ? 200 : 201),
          donePage(params.key, target, service, booked, now),
          lang,
          stepPath(params.key),
        );
      } catch (error) {
        if (!(error instanceof DomainError) || error.statusCode >= 500) throw error;
        if (error.code === 'invalid_request' || error.code === 'invalid_text') {
          page.screen = { ...resolved.screen, problem: 'badDetails' };
          return send(reply.code(400), page, lang, path);
        }
        // The last place went to someone else between the form and the tap.
        const again = await screenFor(target, { key: params.key, service: service.serviceId, day }, Date.now());
        if (!again) return invalid(reply);
        const retry = pageOf(params.key, target, again.screen, now);
        retry.notice = 'slotGone';
        return send(reply.code(409), retry, lang, stepPath(params.key, service.serviceId, day));
      }
    },
  );
};
