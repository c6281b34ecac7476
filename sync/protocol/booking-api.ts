/**
 * Booking an appointment through the district (issue 13 item 3): the request body
 * the admin API and the console accept (a TypeBox schema, so the routes validate
 * it and the types follow from it) and the shapes they answer with, declared once
 * for the server and the console page. The limits are the appointment document's
 * own (schemas.ts), so a valid body always makes a valid document. Runtime-free.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { SlotOffer } from './appointment-slots.ts';
import type { LocalizedText } from './languages.ts';
import { appointmentSchemaLiteral, type AppointmentDoc } from './schemas.ts';

const A = appointmentSchemaLiteral.properties;

/** POST …/stations/:id/appointments: a service, a slot of a day, and who comes. The district picks the code. */
export const BookingBody = Type.Object(
  {
    serviceId: Type.String({ minLength: 1, maxLength: A.serviceId.maxLength }),
    day: Type.String({ pattern: A.day.pattern, maxLength: A.day.maxLength }),
    start: Type.String({ pattern: A.start.pattern, maxLength: A.start.maxLength }),
    name: Type.String({ minLength: A.name.minLength, maxLength: A.name.maxLength }),
    phoneLast4: Type.Optional(Type.String({ pattern: A.phoneLast4.pattern, maxLength: A.phoneLast4.maxLength })),
  },
  { additionalProperties: false },
);
export type BookingBody = Static<typeof BookingBody>;

/** GET …/stations/:id/appointments?day=: the day asked about. */
export const BookingDayQuery = Type.Object(
  { day: Type.String({ pattern: A.day.pattern, maxLength: A.day.maxLength }) },
  { additionalProperties: false },
);
export type BookingDayQuery = Static<typeof BookingDayQuery>;

/** One service that takes appointments, with its bookable slots of a day and the places left in each. */
export interface ServiceSlots {
  serviceId: string;
  name: LocalizedText;
  capacity: number;
  slotMinutes: number;
  /** Slots not yet passed (full ones too, with `remaining` 0). */
  slots: SlotOffer[];
}

/**
 * An appointment as the console lists it. The check-in code and the phone digits are
 * keys a resident checks in with, so the district sends them only to operators who may
 * read residents' contact numbers (canSeeNeedContact); others get `phoneHidden` instead.
 */
export type ListedAppointment = Omit<AppointmentDoc, 'code' | 'phoneLast4'> &
  Partial<Pick<AppointmentDoc, 'code' | 'phoneLast4'>> & { phoneHidden?: true };

/** A station's day of appointments, as the admin API and the console answer it. */
export interface BookingDay {
  stationId: string;
  day: string;
  services: ServiceSlots[];
  /** Every appointment of the day, any status, by slot then code. */
  appointments: ListedAppointment[];
}

/** The day as an operator without the right to residents' contact numbers may see it. */
export function withoutResidentKeys(day: BookingDay): BookingDay {
  return {
    ...day,
    appointments: day.appointments.map(({ code: _code, phoneLast4, ...rest }) =>
      phoneLast4 === undefined ? rest : { ...rest, phoneHidden: true as const },
    ),
  };
}

/** GET …/stations/:id/booking-link: the resident's booking page of the station (for a poster's QR code). */
export interface BookingLink {
  url: string;
}

/** Path prefix of the resident's booking page on the district server: `/book/<station booking key>`. */
export const BOOKING_PATH_PREFIX = '/book/';
