/**
 * Whether a written appointment is legal. Runtime-free; the district and the hub
 * run it on every pushed appointment, and the district's admin API on every
 * booking it makes, so capacity is counted one way everywhere.
 *
 * - Booking (a new appointment): staff at a counter (channel "counter", in a staff
 *   member's name), the district ("district") or the phone page ("phone"); never a
 *   kiosk or a display. The slot must be one the station offers for the service,
 *   not yet released (appointment-slots.ts), with a place left, and the check-in
 *   code unused among the station's appointments of that day.
 * - Once booked, who, what and when never change; only the status moves:
 *   booked → checked_in (kiosk or counter, naming the ticket issued for it, within
 *   the check-in window), booked → cancelled (counter), booked → no_show (counter,
 *   once the slot is released). A checked-in appointment is carried on by its
 *   ticket; it does not change again. Nothing is ever deleted.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '#protocol/call-order.ts';
import {
  checkInStanding,
  holdsCapacity,
  releaseAt,
  slotBookable,
  slotSettings,
  slotStartAt,
  slotStarts,
} from '#protocol/appointment-slots.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import type { StationFacts, Writer } from './context.ts';
import { refuse, type Refusal } from './refusals.ts';
import { mayWrite, type WriteAction } from './role-actions.ts';

/** Fixed at booking. */
export const APPOINTMENT_IMMUTABLE_FIELDS = [
  'id',
  'stationId',
  'serviceId',
  'day',
  'start',
  'slotMinutes',
  'code',
  'phoneLast4',
  'name',
  'channel',
  'createdBy',
  'createdAt',
] as const satisfies readonly (keyof AppointmentDoc)[];

/** Who books: a device (by its credential), or the district's own API (admin token; the phone page). */
export type Booker = { kind: 'device'; writer: Writer } | { kind: 'district' } | { kind: 'phone' };

export interface BookingCheck {
  next: AppointmentDoc;
  booker: Booker;
  station: StationFacts | null;
  /** The station's other stored appointments of the same day (any status). */
  sameDay: readonly AppointmentDoc[];
  /** Server clock, epoch ms. */
  now: number;
}

const policyOf = (station: StationFacts): CallPolicy => station.callPolicy ?? DEFAULT_CALL_POLICY;

/** Null when `next` may be booked; otherwise why not. */
export function checkBooking({ next, booker, station, sameDay, now }: BookingCheck): Refusal | null {
  if (booker.kind === 'device' && !mayWrite(booker.writer.role, 'appointment.book')) {
    return refuse('role_forbidden', `a ${booker.writer.role} device does not book appointments`);
  }
  if (!station) return refuse('station_not_set_up', 'the district has no catalog for this station yet');
  if (
    next.status !== 'booked' ||
    next.ticketId !== undefined ||
    next.checkedInAt !== undefined ||
    next.closedBy !== undefined
  ) {
    return refuse('issue_malformed', 'a new appointment is booked, not yet checked in or closed');
  }
  const channel = booker.kind === 'device' ? 'counter' : booker.kind;
  if (next.channel !== channel) return refuse('issue_malformed', `this booking's channel is "${channel}"`);
  if (booker.kind === 'device') {
    if (!station.staffIds.has(next.createdBy)) {
      return refuse('staff_unknown', `"${next.createdBy}" is not a staff member of this station`);
    }
  } else if (next.createdBy !== booker.kind) {
    return refuse('issue_malformed', `a ${booker.kind} booking is created by "${booker.kind}"`);
  }
  const settings = slotSettings(station, next.serviceId);
  if (!settings) return refuse('slot_unavailable', `service "${next.serviceId}" takes no appointments here`);
  if (!slotStarts(settings, next.day).includes(next.start) || next.slotMinutes !== settings.slotMinutes) {
    return refuse(
      'slot_unavailable',
      `${next.day} ${next.start} is not a ${settings.slotMinutes}-minute slot of the service`,
    );
  }
  const policy = policyOf(station);
  if (!slotBookable(slotStartAt(next.day, next.start, station.utcOffsetMinutes), policy, now)) {
    return refuse('slot_unavailable', `the slot ${next.day} ${next.start} has passed or is too far ahead`);
  }
  const others = sameDay.filter((a) => a.id !== next.id);
  if (others.some((a) => a.code === next.code)) {
    return refuse('code_taken', `another appointment on ${next.day} already has code ${next.code}`);
  }
  const held = others.filter(
    (a) =>
      a.serviceId === next.serviceId &&
      a.start === next.start &&
      holdsCapacity(a, station.utcOffsetMinutes, policy, now),
  ).length;
  if (held >= settings.capacity) {
    return refuse('slot_full', `the slot ${next.day} ${next.start} holds its ${settings.capacity} appointments`);
  }
  return null;
}

export interface AppointmentWrite {
  stored: AppointmentDoc | undefined;
  next: AppointmentDoc;
  deleted: boolean;
  writer: Writer;
  station: StationFacts | null;
  sameDay: readonly AppointmentDoc[];
  now: number;
}

const STEP_ACTION: Partial<Record<AppointmentDoc['status'], WriteAction>> = {
  checked_in: 'appointment.check_in',
  cancelled: 'appointment.cancel',
  no_show: 'appointment.no_show',
};

/** Null when a pushed appointment is legal; otherwise why not. */
export function checkAppointmentWrite(w: AppointmentWrite): Refusal | null {
  const { stored, next, writer, station, now } = w;
  if (w.deleted) return refuse('deletion_forbidden', 'an appointment is never deleted; cancel it instead');
  if (!stored) return checkBooking({ next, booker: { kind: 'device', writer }, station, sameDay: w.sameDay, now });
  if (deepEqual(stored, next)) return null;
  for (const field of APPOINTMENT_IMMUTABLE_FIELDS) {
    if (!deepEqual(stored[field], next[field])) {
      return refuse('immutable_field', `an appointment's ${field} is fixed when it is booked`);
    }
  }
  const action = STEP_ACTION[next.status];
  if (stored.status !== 'booked' || !action) {
    return refuse('illegal_transition', `an appointment cannot go from ${stored.status} to ${next.status}`);
  }
  if (!mayWrite(writer.role, action)) {
    return refuse('role_forbidden', `a ${writer.role} device may not ${action.split('.')[1]} an appointment`);
  }
  if (!station) return refuse('station_not_set_up', 'the district has no catalog for this station yet');
  const policy = policyOf(station);
  if (next.status === 'checked_in') {
    if (next.ticketId === undefined || next.checkedInAt === undefined || next.closedBy !== undefined) {
      return refuse('state_mismatch', 'a check-in names its ticket and time, and closes nothing');
    }
    const standing = checkInStanding(next, station.utcOffsetMinutes, policy, next.checkedInAt);
    if (standing === 'too_early' || standing === 'too_late') {
      return refuse('illegal_transition', `a check-in ${standing.replace('_', ' ')} for the slot ${next.start}`);
    }
    return null;
  }
  if (next.ticketId !== undefined || next.checkedInAt !== undefined || next.closedBy === undefined) {
    return refuse('state_mismatch', `a ${next.status} appointment says who closed it and has no ticket`);
  }
  if (!station.staffIds.has(next.closedBy)) {
    return refuse('staff_unknown', `"${next.closedBy}" is not a staff member of this station`);
  }
  if (
    next.status === 'no_show' &&
    now <= releaseAt(slotStartAt(next.day, next.start, station.utcOffsetMinutes), policy)
  ) {
    return refuse('illegal_transition', 'a no-show is recorded once the check-in window has closed; cancel it instead');
  }
  return null;
}

/** Who closes an appointment the district cancels (admin API, console): not a staff member, so not a device's step. */
export const DISTRICT_CLOSER = 'district';

/**
 * Null when the district may cancel the stored appointment; otherwise why not. Only
 * a booked one: a checked-in appointment is carried on by its ticket (the counter
 * cancels the ticket), and a closed one stays as it was closed.
 */
export function checkDistrictCancel(stored: AppointmentDoc): Refusal | null {
  if (stored.status !== 'booked') {
    return refuse('illegal_transition', `an appointment cannot go from ${stored.status} to cancelled`);
  }
  return null;
}
