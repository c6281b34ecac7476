/**
 * Appointments through the admin API (under /api/v1/admin, Bearer ADMIN_TOKEN,
 * registered by admin.ts):
 *   GET  /stations/:stationId/appointments?day=YYYY-MM-DD    → BookingDay
 *   POST /stations/:stationId/appointments  BookingBody       → 201 AppointmentDoc (with its check-in code)
 *   POST /stations/:stationId/appointments/:appointmentId/cancel → AppointmentDoc
 *   GET  /stations/:stationId/booking-link                    → {url} of the resident's booking page
 * Booked and cancelled by the one district function (appointments/district-booking.ts)
 * and audited as the admin API's.
 */
import type { FastifyPluginAsync } from 'fastify';
import { BookingBody, BookingDayQuery, type BookingLink } from '#protocol/booking-api.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { bookingUrl } from '#server/booking/booking-store.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { STATION_ID_PATTERN } from '#server/repositories/stations.ts';

/** The audit log's actor for changes made with the admin token. */
export const ADMIN_API_ACTOR = 'admin-api';

const stationParams = {
  type: 'object',
  properties: { stationId: { type: 'string', pattern: STATION_ID_PATTERN } },
  required: ['stationId'],
} as const;

const appointmentParams = {
  type: 'object',
  properties: {
    stationId: { type: 'string', pattern: STATION_ID_PATTERN },
    appointmentId: { type: 'string', minLength: 1, maxLength: 64 },
  },
  required: ['stationId', 'appointmentId'],
} as const;

export interface AdminAppointmentOptions {
  repo: DistrictRepository;
  /** Where residents' phones reach the district; absent: the address of the request. */
  publicUrl?: string;
}

/** The audit entry of a district booking or cancel, whoever made it. */
export function bookingAudit(
  actor: string,
  action: 'appointment_booked' | 'appointment_cancelled',
  before: AppointmentDoc | null,
  after: AppointmentDoc,
) {
  return {
    actor,
    action,
    targetType: 'appointment',
    targetId: after.id,
    stationId: after.stationId,
    before,
    after,
  };
}

export const adminAppointmentRoutes: FastifyPluginAsync<AdminAppointmentOptions> = async (app, { repo, publicUrl }) => {
  app.get<{ Params: { stationId: string }; Querystring: BookingDayQuery }>(
    '/stations/:stationId/appointments',
    { schema: { params: stationParams, querystring: BookingDayQuery } },
    async (request) => repo.bookings.day(repo.db, request.params.stationId, request.query.day),
  );

  app.post<{ Params: { stationId: string }; Body: BookingBody }>(
    '/stations/:stationId/appointments',
    { schema: { params: stationParams, body: BookingBody } },
    async (request, reply) => {
      const booked = await repo.audited(
        (tx) => repo.bookings.book(tx, request.params.stationId, request.body, 'district'),
        (after) => bookingAudit(ADMIN_API_ACTOR, 'appointment_booked', null, after),
      );
      request.log.info({ stationId: booked.stationId, appointmentId: booked.id }, 'appointment booked');
      reply.code(201);
      return booked;
    },
  );

  app.post<{ Params: { stationId: string; appointmentId: string } }>(
    '/stations/:stationId/appointments/:appointmentId/cancel',
    { schema: { params: appointmentParams } },
    async (request) => {
      const { after } = await repo.audited(
        (tx) => repo.bookings.cancel(tx, request.params.stationId, request.params.appointmentId),
        ({ before, after }) => bookingAudit(ADMIN_API_ACTOR, 'appointment_cancelled', before, after),
      );
      request.log.info({ stationId: after.stationId, appointmentId: after.id }, 'appointment cancelled');
      return after;
    },
  );

  app.get<{ Params: { stationId: string } }>(
    '/stations/:stationId/booking-link',
    { schema: { params: stationParams } },
    async (request): Promise<BookingLink> => ({
      url: await bookingUrl(repo.db, request.params.stationId, publicUrl ?? `${request.protocol}://${request.host}`),
    }),
  );
};
