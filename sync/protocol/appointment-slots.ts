/**
 * Appointment slots: which slots a station's service has on a day, how full each
 * is, and where an appointment stands now. Pure and runtime-free, so the counter
 * booking screen, the kiosk's check-in, the district's admin API and the write
 * rules (rules/appointment-rules.ts) count capacity the same way.
 *
 * The documented rules, with the station's `callPolicy.appointments` windows:
 * - Check-in (call-order.ts `appointmentCheckIn`): from `earlyMinutes` before the
 *   slot's start until `lateMinutes` after it. Checked in early, the ticket waits
 *   for its slot; late but within the window, it is called at once; later than
 *   that the kiosk takes no check-in and the resident takes an ordinary ticket.
 * - No-show: a booked appointment not checked in by the end of that window (slot
 *   start + `lateMinutes`) is released: it counts as a no-show, whether or not
 *   anyone records it, and no longer holds its slot's capacity.
 * - Booking: a slot can be booked until that same moment (a resident booked at
 *   the counter for a slot under way can still check in at once), never later.
 */
import { appointmentCheckIn, type CallPolicy, type CheckInStanding } from './call-order.ts';
import { minutesOfDay } from './schedule.ts';
import type { AppointmentDoc, StationDoc } from './schemas.ts';

const MINUTE = 60_000;

/** How many days ahead a slot may be booked. */
export const BOOKING_DAYS_AHEAD = 60;

/** One service's slot settings, as the station stores them. */
export type SlotSettings = NonNullable<StationDoc['appointmentSlots']>[number];

/** The service's slot settings at this station, or undefined when it takes no appointments. */
export function slotSettings(
  station: Pick<StationDoc, 'appointmentSlots'> | null | undefined,
  serviceId: string,
): SlotSettings | undefined {
  return station?.appointmentSlots?.find((s) => s.serviceId === serviceId);
}

/** The ISO weekday (1 = Monday) of a "YYYY-MM-DD" day. */
export function weekdayOf(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The instant (epoch ms) a station wall-clock time of a station day is. */
export function slotStartAt(day: string, start: string, utcOffsetMinutes: number): number {
  return Date.parse(`${day}T${start}:00Z`) - utcOffsetMinutes * MINUTE;
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The slot starts ("HH:MM") of the settings on a day: none on a weekday they do not list. */
export function slotStarts(settings: SlotSettings, day: string): string[] {
  if (!settings.days.includes(weekdayOf(day))) return [];
  const starts: string[] = [];
  const end = minutesOfDay(settings.to);
  for (let m = minutesOfDay(settings.from); m + settings.slotMinutes <= end; m += settings.slotMinutes) {
    starts.push(hhmm(m));
  }
  return starts;
}

type Slotted = Pick<AppointmentDoc, 'day' | 'start' | 'status'>;

/** The moment a booked appointment not checked in is released (a no-show). */
export function releaseAt(slotAt: number, policy: CallPolicy): number {
  return slotAt + policy.appointments.lateMinutes * MINUTE;
}

/** Where an appointment stands now: a booked one past its release is a no-show, recorded or not. */
export function appointmentStanding(
  a: Slotted,
  utcOffsetMinutes: number,
  policy: CallPolicy,
  now: number,
): AppointmentDoc['status'] {
  if (a.status === 'booked' && now > releaseAt(slotStartAt(a.day, a.start, utcOffsetMinutes), policy)) {
    return 'no_show';
  }
  return a.status;
}

/** Whether the appointment holds a place of its slot's capacity now (booked and not released, or checked in). */
export function holdsCapacity(a: Slotted, utcOffsetMinutes: number, policy: CallPolicy, now: number): boolean {
  const standing = appointmentStanding(a, utcOffsetMinutes, policy, now);
  return standing === 'booked' || standing === 'checked_in';
}

/** Whether a slot can still be booked at `now` (until its release moment, at most BOOKING_DAYS_AHEAD ahead). */
export function slotBookable(slotAt: number, policy: CallPolicy, now: number): boolean {
  return now <= releaseAt(slotAt, policy) && slotAt <= now + BOOKING_DAYS_AHEAD * 24 * 60 * MINUTE;
}

export interface SlotOffer {
  start: string;
  slotAt: number;
  /** Places left: capacity minus the appointments holding one. */
  remaining: number;
}

export interface StationSlots {
  station: Pick<StationDoc, 'appointmentSlots' | 'utcOffsetMinutes'>;
  policy: CallPolicy;
  /** The station's appointments (any day, any service: those of others are ignored). */
  appointments: readonly Pick<AppointmentDoc, 'id' | 'serviceId' | 'day' | 'start' | 'status'>[];
  now: number;
}

/** The service's bookable slots of a day, with the places left in each (full ones too, with 0). */
export function slotOffers(
  { station, policy, appointments, now }: StationSlots,
  serviceId: string,
  day: string,
): SlotOffer[] {
  const settings = slotSettings(station, serviceId);
  if (!settings) return [];
  return slotStarts(settings, day)
    .map((start) => ({ start, slotAt: slotStartAt(day, start, station.utcOffsetMinutes) }))
    .filter((s) => slotBookable(s.slotAt, policy, now))
    .map((s) => {
      const held = appointments.filter(
        (a) =>
          a.serviceId === serviceId &&
          a.day === day &&
          a.start === s.start &&
          holdsCapacity(a, station.utcOffsetMinutes, policy, now),
      ).length;
      return { ...s, remaining: Math.max(0, settings.capacity - held) };
    });
}

/**
 * A check-in code not yet used by any appointment of the station's day. `random`
 * returns [0, 1). Null when all 10,000 are taken (a day never holds that many).
 */
export function newCheckInCode(taken: ReadonlySet<string>, random: () => number): string | null {
  if (taken.size >= 10_000) return null;
  for (;;) {
    const code = String(Math.floor(random() * 10_000)).padStart(4, '0');
    if (!taken.has(code)) return code;
  }
}

/** How a resident identifies their appointment at the kiosk. */
export type CheckInKey = { code: string } | { phoneLast4: string };

/**
 * The booked appointments of the day that match what the resident typed: by code,
 * at most one; by phone digits, possibly several (the kiosk then asks for the code).
 */
export function matchCheckIn<T extends Pick<AppointmentDoc, 'day' | 'code' | 'phoneLast4' | 'status'>>(
  appointments: readonly T[],
  day: string,
  key: CheckInKey,
): T[] {
  return appointments.filter(
    (a) =>
      a.day === day &&
      a.status === 'booked' &&
      ('code' in key ? a.code === key.code : a.phoneLast4 !== undefined && a.phoneLast4 === key.phoneLast4),
  );
}

/** Where a check-in at `at` stands for this appointment (the documented early/late rule). */
export function checkInStanding(
  a: Pick<AppointmentDoc, 'day' | 'start'>,
  utcOffsetMinutes: number,
  policy: CallPolicy,
  at: number,
): CheckInStanding {
  return appointmentCheckIn(slotStartAt(a.day, a.start, utcOffsetMinutes), at, policy);
}
