/**
 * Whether a pushed ticket is a legal write, decided from the stored ticket alone.
 *
 * A pushed ticket must be the stored ticket (or, when new, a freshly issued one)
 * plus legal lifecycle steps: the history is append-only, each appended step is
 * replayed through the one state machine (ticket-lifecycle.ts) from the state
 * before it, and every field must equal what the replay produced. So status,
 * calledAt, servedBy, counter, the queue (moved only by a transfer) … can only
 * change the way the lifecycle changes them; the fields fixed at issue never
 * change; `priority` only by an upgrade or downgrade step (a counter's), never the
 * number; the rating is the one field outside the history (given once, on a
 * finished ticket). Runtime-free, so district, station hub and devices share it.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import { slotStartAt } from '#protocol/appointment-slots.ts';
import type { AppointmentDoc, TicketDoc } from '#protocol/schemas.ts';
import { applyTicketAction, contextOfEntry, issueEntry } from '#protocol/ticket-lifecycle.ts';
import { numberInSlot, stationDay } from '#protocol/ticket-numbering.ts';
import { acceptedIssueDays, type StationFacts, type Writer } from './context.ts';
import { refuse, type Refusal } from './refusals.ts';
import { mayWrite, ticketWriteAction } from './role-actions.ts';
import { mayUseCounter } from '#protocol/staff-counters.ts';

/** Fixed when the ticket is issued. The queue and service are not: a transfer moves them. */
export const TICKET_IMMUTABLE_FIELDS = [
  'id',
  'stationId',
  'deviceId',
  'day',
  'seq',
  'number',
  'issuedAt',
  'channel',
  'lang',
  'appointmentId',
  'slotAt',
  'waitEstimate',
] as const satisfies readonly (keyof TicketDoc)[];

export interface TicketWrite {
  stored: TicketDoc | undefined;
  next: TicketDoc;
  deleted: boolean;
  writer: Writer;
  station: StationFacts | null;
  /** Server clock, epoch ms: the station's current day comes from it, never from the device. */
  now: number;
  /** The station's stored appointment of this id, for a ticket issued at an appointment's check-in. */
  appointment?: (id: string) => AppointmentDoc | undefined;
}

/**
 * Checks what only a new ticket has to satisfy: who issued it, its number, queue and day.
 *
 * Deliberately not checked: whether the service is offered on the ticket's day. A
 * counter issues numbers for a closed service on purpose (an appointment, an
 * assisted resident: staff decide), and even a kiosk ticket for a closed service
 * is kept: the kiosk already refuses it by the schedule, so one that arrives comes
 * from a device whose clock was wrong (PRODUCT.md: device clocks can be wrong) or a
 * schedule that changed while it was offline. Refusing it would not stop a
 * resident holding that paper ticket; it would only hide the ticket from the
 * counters that must still serve or close it.
 */
function checkIssue(
  next: TicketDoc,
  writer: Writer,
  station: StationFacts,
  now: number,
  appointment: TicketWrite['appointment'],
): Refusal | null {
  if (!mayWrite(writer.role, 'ticket.issue')) {
    return refuse('role_forbidden', `a ${writer.role} device does not issue tickets`);
  }
  const first = next.history[0];
  if (!first || !deepEqual(first, issueEntry(next.issuedAt, first.by))) {
    return refuse('issue_malformed', 'a new ticket starts with exactly one issue entry at its issuedAt');
  }
  if (writer.role === 'kiosk') {
    if (first.by !== writer.deviceId) return refuse('issue_malformed', 'a kiosk issues tickets in its own name');
    if (next.channel !== 'kiosk') return refuse('issue_malformed', 'a kiosk ticket has channel "kiosk"');
    // The resident asks for the lane at the kiosk only where the station offers it.
    if (priorityAtIssue(next) && !station.priorityOffered) {
      return refuse(
        'issue_malformed',
        'this station does not offer the priority lane, so a kiosk ticket has no priority',
      );
    }
  } else if (!station.staffIds.has(first.by)) {
    return refuse('staff_unknown', `"${first.by}" is not a staff member of this station`);
  }
  if (next.waitEstimate && next.waitEstimate.highMin < next.waitEstimate.lowMin) {
    return refuse('issue_malformed', 'a wait estimate ends no earlier than it starts (highMin ≥ lowMin)');
  }
  const mismatch = checkAppointmentTicket(next, station, appointment);
  if (mismatch) return mismatch;
  const letter = next.number.charAt(0);
  if (!station.queues.has(letter)) return refuse('queue_unknown', `the station has no queue "${letter}"`);
  const n = Number(next.number.slice(1));
  const slot = { slot: writer.issuingSlot, slots: writer.issuingSlots };
  if (!numberInSlot(n, slot)) {
    return refuse(
      'number_outside_slot',
      `${next.number} is outside this device's issuing slot ${slot.slot} of ${slot.slots}`,
    );
  }
  const days = acceptedIssueDays(now, station.utcOffsetMinutes);
  if (next.day !== stationDay(next.issuedAt, station.utcOffsetMinutes)) {
    return refuse('day_out_of_range', `day ${next.day} is not the station day of the ticket's issuedAt`);
  }
  if (next.day < days.first || next.day > days.last) {
    return refuse(
      'day_out_of_range',
      `day ${next.day} is outside the accepted station days ${days.first}…${days.last}`,
    );
  }
  return null;
}

/**
 * An appointment ticket is called at its slot (call-order.ts), so its slot must be
 * the one its appointment was booked for: a device cannot move a resident ahead by
 * writing a slot. The appointment reached the kiosk from a server (booked at a
 * counter or by the district and synced down), so it is stored before its ticket.
 */
function checkAppointmentTicket(
  next: TicketDoc,
  station: StationFacts,
  appointment: TicketWrite['appointment'],
): Refusal | null {
  if (next.appointmentId === undefined) {
    return next.slotAt === undefined
      ? null
      : refuse('appointment_mismatch', 'a slot time belongs to an appointment ticket');
  }
  const booked = appointment?.(next.appointmentId);
  if (!booked) return refuse('appointment_mismatch', `the station has no appointment "${next.appointmentId}"`);
  if (next.slotAt !== slotStartAt(booked.day, booked.start, station.utcOffsetMinutes)) {
    return refuse('appointment_mismatch', `the ticket's slot is not the appointment's ${booked.day} ${booked.start}`);
  }
  const free = booked.status === 'booked' || (booked.status === 'checked_in' && booked.ticketId === next.id);
  if (!free) return refuse('appointment_mismatch', `appointment "${booked.id}" is ${booked.status} for another ticket`);
  return null;
}

/**
 * Whether a new ticket was a priority one when issued: its priority now, unless a
 * later upgrade or downgrade changed it (each needs the other lane before it).
 */
function priorityAtIssue(next: TicketDoc): boolean {
  const first = next.history.find((h) => h.action === 'upgrade' || h.action === 'downgrade');
  return first ? first.action === 'downgrade' : next.priority;
}

/** The ticket as it was right after issue, rebuilt from a new ticket's fixed fields. */
export function issuedBase(next: TicketDoc): TicketDoc {
  return {
    id: next.id,
    stationId: next.stationId,
    deviceId: next.deviceId,
    day: next.day,
    // The number carries the queue it was issued in; a transfer keeps the number.
    queue: next.number.charAt(0),
    seq: next.seq,
    number: next.number,
    // The service before a transfer is not recorded; a transfer to another service is, and the replay checks it.
    serviceId: next.serviceId,
    channel: next.channel,
    lang: next.lang,
    ...(next.appointmentId !== undefined ? { appointmentId: next.appointmentId } : {}),
    ...(next.slotAt !== undefined ? { slotAt: next.slotAt } : {}),
    ...(next.waitEstimate !== undefined ? { waitEstimate: next.waitEstimate } : {}),
    priority: priorityAtIssue(next),
    status: 'waiting',
    issuedAt: next.issuedAt,
    callCount: 0,
    history: next.history.slice(0, 1),
  };
}

function withoutRating(ticket: TicketDoc): Omit<TicketDoc, 'rating'> {
  const { rating: _rating, ...rest } = ticket;
  return rest;
}

/** The first field where two tickets differ, for a message that says what to look at. */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!deepEqual(a[key], b[key])) return key;
  return '(none)';
}

function checkRating(
  stored: TicketDoc | undefined,
  next: TicketDoc,
  replayed: TicketDoc,
  writer: Writer,
): Refusal | null {
  const before = stored?.rating;
  if (before) {
    return deepEqual(before, next.rating) ? null : refuse('rating_changed', 'a rating is given once and never changed');
  }
  if (!next.rating) return null;
  if (!mayWrite(writer.role, 'ticket.rate'))
    return refuse('role_forbidden', `a ${writer.role} device does not take ratings`);
  if (replayed.status !== 'done') {
    return refuse('rating_not_finished', `a ticket is rated once finished, not while ${replayed.status}`);
  }
  return null;
}

/** Null when the write is legal, otherwise why not. */
export function checkTicketWrite({
  stored,
  next,
  deleted,
  writer,
  station,
  now,
  appointment,
}: TicketWrite): Refusal | null {
  if (deleted) return refuse('deletion_forbidden', 'a ticket is never deleted; cancel it instead');
  if (!station) return refuse('station_not_set_up', 'the district has no catalog for this station yet');
  let base: TicketDoc;
  if (stored) {
    for (const field of TICKET_IMMUTABLE_FIELDS) {
      if (!deepEqual(stored[field], next[field])) {
        return refuse('immutable_field', `${field} is fixed when a ticket is issued and cannot change`);
      }
    }
    base = stored;
  } else {
    const issue = checkIssue(next, writer, station, now, appointment);
    if (issue) return issue;
    base = issuedBase(next);
  }
  const kept = base.history.length;
  if (next.history.length < kept || !base.history.every((entry, i) => deepEqual(entry, next.history[i]))) {
    return refuse('history_rewritten', 'a ticket history only grows: stored entries cannot change or go');
  }
  let current = base;
  for (const entry of next.history.slice(kept)) {
    if (entry.action === 'issue') return refuse('history_forged', 'a ticket is issued once');
    if (!mayWrite(writer.role, ticketWriteAction(entry.action))) {
      return refuse('role_forbidden', `a ${writer.role} device may not ${entry.action} a ticket`);
    }
    if (!station.staffIds.has(entry.by)) {
      return refuse('staff_unknown', `"${entry.by}" (${entry.action}) is not a staff member of this station`);
    }
    // The counter of a call, recall or start is where the member works; a transfer's names its target.
    const member = station.staff.get(entry.by);
    if (entry.action !== 'transfer' && entry.counter !== undefined && member && !mayUseCounter(member, entry.counter)) {
      return refuse('counter_forbidden', `"${entry.by}" may not work at counter "${entry.counter}"`);
    }
    if (entry.action === 'transfer' && entry.queue !== undefined && !station.queues.has(entry.queue)) {
      return refuse('queue_unknown', `the station has no queue "${entry.queue}" to transfer to`);
    }
    const result = applyTicketAction(current, entry.action, contextOfEntry(entry));
    if (!result.ok) return refuse('illegal_transition', result.error.message);
    if (!deepEqual(result.value.history.at(-1), entry)) {
      return refuse(
        'history_forged',
        `the ${entry.action} entry is not what that action records (from ${current.status})`,
      );
    }
    current = result.value;
  }
  const expected = withoutRating(current);
  const actual = withoutRating(next);
  if (!deepEqual(expected, actual)) {
    const field = firstDifference(expected, actual);
    return refuse('state_mismatch', `${field} does not follow from the ticket's history`);
  }
  return checkRating(stored, next, current, writer);
}
