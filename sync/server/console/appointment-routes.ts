/**
 * A station's appointments in the console (issue 13 item 3):
 *   GET  /stations/:id/appointments?day=YYYY-MM-DD     → BookingDay (who may see the station)
 *   POST /stations/:id/appointments BookingBody         → 201 AppointmentDoc (who may change it; audited)
 *   POST /stations/:id/appointments/:appointmentId/cancel → AppointmentDoc (who may change it; audited)
 *   GET  /stations/:id/booking-link                     → {url} of the resident's booking page
 * The station's street decides (scope.ts): a street supervisor books only for
 * their street's stations, a viewer only looks. Booked and cancelled by the one
 * district function (appointments/district-booking.ts), as the district.
 */
import type { FastifyPluginAsync } from 'fastify';
import { BookingBody, BookingDayQuery, withoutResidentKeys, type BookingLink } from '#protocol/booking-api.ts';
import { canSeeNeedContact } from '#protocol/operator-roles.ts';
import { bookingUrl } from '#server/booking/booking-store.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { bookingAudit } from '#server/routes/admin-appointments.ts';
import { changeableStation, visibleStation } from './scope.ts';
import { operatorOf } from './session.ts';

const stationParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['id'],
} as const;

const appointmentParams = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    appointmentId: { type: 'string', minLength: 1, maxLength: 64 },
  },
  required: ['id', 'appointmentId'],
} as const;

export const appointmentRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.get<{ Params: { id: string }; Querystring: BookingDayQuery }>(
    '/stations/:id/appointments',
    { schema: { params: stationParams, querystring: BookingDayQuery } },
    async (request) => {
      const operator = operatorOf(request);
      const station = await visibleStation(repo, operator, request.params.id);
      const day = await repo.bookings.day(repo.db, station.id, request.query.day);
      return canSeeNeedContact(operator, station.street) ? day : withoutResidentKeys(day);
    },
  );

  app.post<{ Params: { id: string }; Body: BookingBody }>(
    '/stations/:id/appointments',
    { schema: { params: stationParams, body: BookingBody } },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const booked = await repo.audited(
        (tx) => repo.bookings.book(tx, station.id, request.body, 'district'),
        (after) => bookingAudit(operator.username, 'appointment_booked', null, after),
      );
      reply.code(201);
      return booked;
    },
  );

  app.post<{ Params: { id: string; appointmentId: string } }>(
    '/stations/:id/appointments/:appointmentId/cancel',
    { schema: { params: appointmentParams } },
    async (request) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const { after } = await repo.audited(
        (tx) => repo.bookings.cancel(tx, station.id, request.params.appointmentId),
        ({ before, after }) => bookingAudit(operator.username, 'appointment_cancelled', before, after),
      );
      return after;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/stations/:id/booking-link',
    { schema: { params: stationParams } },
    async (request): Promise<BookingLink> => {
      const station = await visibleStation(repo, operatorOf(request), request.params.id);
      return { url: await bookingUrl(repo.db, station.id, `${request.protocol}://${request.host}`) };
    },
  );
};
