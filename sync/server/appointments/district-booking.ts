/**
 * Booking an appointment as the district: the one function behind the admin API,
 * the console and the resident's phone page. It applies exactly the rules a
 * counter's push meets (rules/appointment-rules.ts `checkBooking`: the slot is one
 * the station offers for the service, not passed, with a place left, the check-in
 * code unused that day), counted under the same per-station booking lock the
 * push takes (rule-facts-sql.ts `lockBookings`), so a counter and the district
 * can never both take a slot's last place. The appointment is written like any
 * district write — through the replicated table at a fresh write position, with a
 * change event — so the station's devices pull it and live streams carry it.
 *
 * Every function takes the caller's transaction, so a console change and its
 * audit row commit together (DistrictRepository.audited).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { newCheckInCode, slotOffers, slotSettings } from '#protocol/appointment-slots.ts';
import type { BookingBody, BookingDay, ServiceSlots } from '#protocol/booking-api.ts';
import { checkBooking, checkDistrictCancel, DISTRICT_CLOSER } from '#protocol/rules/appointment-rules.ts';
import { stationFacts } from '#protocol/rules/context.ts';
import type { Refusal } from '#protocol/rules/refusals.ts';
import type { AppointmentDoc, ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import type { Queryable, Tx } from '#server/db/db.ts';
import { SERVER_COLLECTIONS } from '#server/domain/collections.ts';
import type { StoredDoc } from '#server/domain/documents.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import { DomainError } from '#server/errors.ts';
import { selectForUpdate, writeRows } from '#server/repositories/change-order-sql.ts';
import { notify } from '#server/repositories/events.ts';
import { lockBookings, selectAppointmentsOfDays, selectStationDoc } from '#server/repositories/rule-facts-sql.ts';

export type { BookingDay, ServiceSlots };

const appointments = SERVER_COLLECTIONS.appointments;

/** Who books through the district: an operator (admin API, console) or a resident on the phone page. */
export type DistrictChannel = 'district' | 'phone';

/** What a booking asks for (the admin API's and console's body); everything else (code, id, times) the district decides. */
export type BookingInput = BookingBody;

export interface DistrictBookings {
  /**
   * Books a slot and returns the stored appointment (with its check-in code).
   * @throws DomainError invalid_request (400), station_unknown / service_unknown (404),
   *   slot_unavailable / slot_full (409)
   */
  book(tx: Tx, stationId: string, input: BookingInput, by: DistrictChannel): Promise<AppointmentDoc>;
  /**
   * Cancels a booked appointment of the station; its place is free again.
   * @throws DomainError appointment_unknown (404), appointment_closed (409)
   */
  cancel(tx: Tx, stationId: string, appointmentId: string): Promise<{ before: AppointmentDoc; after: AppointmentDoc }>;
  /** The station's bookings of a day and each bookable service's slots with places left. @throws station_unknown */
  day(q: Queryable, stationId: string, day: string): Promise<BookingDay>;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const START_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const PHONE_PATTERN = /^\d{4}$/;
const NAME_MAX = 40;

/** The refusal of a booking as the person who asked can act on it. */
function bookingError(refusal: Refusal): DomainError {
  switch (refusal.code) {
    case 'slot_full':
      return new DomainError(409, 'slot_full', refusal.message);
    case 'slot_unavailable':
      return new DomainError(409, 'slot_unavailable', refusal.message);
    case 'station_not_set_up':
      return new DomainError(404, 'station_unknown', refusal.message);
    default:
      // The district built the document itself; anything else is a bug here, not the caller's.
      throw new Error(`district booking refused: ${refusal.code}: ${refusal.message}`);
  }
}

/** Input that is not a booking at all: 400, before anything is read. */
function assertInput(input: BookingInput): { name: string } {
  const problems: string[] = [];
  if (typeof input.serviceId !== 'string' || input.serviceId.length < 1 || input.serviceId.length > 64)
    problems.push('serviceId: 1 to 64 characters');
  if (typeof input.day !== 'string' || !DAY_PATTERN.test(input.day) || Number.isNaN(Date.parse(input.day)))
    problems.push('day: a date "YYYY-MM-DD"');
  if (typeof input.start !== 'string' || !START_PATTERN.test(input.start)) problems.push('start: a time "HH:MM"');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length < 1 || [...name].length > NAME_MAX) problems.push(`name: 1 to ${NAME_MAX} characters`);
  if (input.phoneLast4 !== undefined && !PHONE_PATTERN.test(input.phoneLast4))
    problems.push('phoneLast4: exactly 4 digits');
  if (problems.length > 0) throw new DomainError(400, 'invalid_request', 'this is not a booking', problems);
  assertStorableText(input, 'booking');
  return { name };
}

async function selectService(q: Queryable, stationId: string, serviceId: string): Promise<ServiceDoc | undefined> {
  const [row] = await q.query<{ doc: ServiceDoc }>(
    `SELECT doc FROM services WHERE id = $1 AND station_id IN ($2, '') AND NOT deleted`,
    [serviceId, stationId],
  );
  return row?.doc;
}

async function requireStation(q: Queryable, stationId: string): Promise<StationDoc> {
  const station = await selectStationDoc(q, stationId);
  if (!station) throw new DomainError(404, 'station_unknown', `no station "${stationId}" with a catalog`);
  return station;
}

const bySlot = (a: AppointmentDoc, b: AppointmentDoc) =>
  a.start.localeCompare(b.start) || a.serviceId.localeCompare(b.serviceId) || a.code.localeCompare(b.code);

/**
 * The district's booking functions. `channel` is the district's NOTIFY channel
 * (live streams hear of each booking); `now` the server clock, `random` [0, 1) for codes.
 */
export function districtBookings(
  channel: string,
  now: () => number = Date.now,
  random: () => number = () => randomInt(0, 2 ** 32) / 2 ** 32,
): DistrictBookings {
  return {
    async book(tx, stationId, input, by) {
      const { name } = assertInput(input);
      // Read the station after the lock: a station edit does not take it, but capacity is counted under it.
      await lockBookings(tx, stationId);
      const station = await requireStation(tx, stationId);
      const service = await selectService(tx, stationId, input.serviceId);
      if (!service) throw new DomainError(404, 'service_unknown', `no service "${input.serviceId}" at this station`);
      const settings = slotSettings(station, input.serviceId);
      if (!settings)
        throw new DomainError(409, 'slot_unavailable', `service "${input.serviceId}" takes no appointments here`);
      const sameDay = await selectAppointmentsOfDays(tx, stationId, [input.day]);
      const code = newCheckInCode(new Set(sameDay.map((a) => a.code)), random);
      if (code === null) throw new DomainError(409, 'slot_full', `no check-in code is left on ${input.day}`);
      const at = now();
      const doc: AppointmentDoc = {
        id: `a-${randomUUID()}`,
        stationId,
        serviceId: input.serviceId,
        day: input.day,
        start: input.start,
        slotMinutes: settings.slotMinutes,
        code,
        ...(input.phoneLast4 !== undefined && { phoneLast4: input.phoneLast4 }),
        name,
        status: 'booked',
        channel: by,
        createdBy: by,
        createdAt: at,
      };
      const refusal = checkBooking({
        next: doc,
        booker: { kind: by },
        station: stationFacts(station),
        sameDay,
        now: at,
      });
      if (refusal) throw bookingError(refusal);
      await writeRows(tx, appointments, {
        inserts: [{ id: doc.id, stationId, deleted: false, doc: doc as unknown as StoredDoc }],
        updates: [],
      });
      await notify(tx, channel, { type: 'changed', collection: 'appointments' });
      return doc;
    },

    async cancel(tx, stationId, appointmentId) {
      const row = (await selectForUpdate(tx, appointments, [appointmentId])).get(appointmentId);
      // Another station's appointment is "unknown" too: its existence is not confirmed.
      if (!row || row.deleted || row.stationId !== stationId)
        throw new DomainError(404, 'appointment_unknown', `no appointment "${appointmentId}" at this station`);
      const before = row.doc as unknown as AppointmentDoc;
      const refusal = checkDistrictCancel(before);
      if (refusal) throw new DomainError(409, 'appointment_closed', refusal.message);
      const after: AppointmentDoc = { ...before, status: 'cancelled', closedBy: DISTRICT_CLOSER };
      await writeRows(tx, appointments, {
        inserts: [],
        updates: [{ id: after.id, stationId, deleted: false, doc: after as unknown as StoredDoc }],
      });
      await notify(tx, channel, { type: 'changed', collection: 'appointments' });
      return { before, after };
    },

    async day(q, stationId, day) {
      if (!DAY_PATTERN.test(day) || Number.isNaN(Date.parse(day)))
        throw new DomainError(400, 'invalid_request', 'day: a date "YYYY-MM-DD"');
      const station = await requireStation(q, stationId);
      const stored = await selectAppointmentsOfDays(q, stationId, [day]);
      const policy = stationCallPolicy(station);
      const at = now();
      const services: ServiceSlots[] = [];
      for (const settings of station.appointmentSlots ?? []) {
        const service = await selectService(q, stationId, settings.serviceId);
        if (!service) continue;
        services.push({
          serviceId: settings.serviceId,
          name: service.name,
          capacity: settings.capacity,
          slotMinutes: settings.slotMinutes,
          slots: slotOffers({ station, policy, appointments: stored, now: at }, settings.serviceId, day),
        });
      }
      return { stationId, day, services, appointments: [...stored].sort(bySlot) };
    },
  };
}
