/**
 * Why a server refused one pushed document: a closed list of codes, each with a
 * message for the technician. The device shows the code's translation in its
 * diagnostics; the district records it in write_refusals. Runtime-free.
 */
export const REFUSAL_CODES = [
  /** The document belongs to another station than the pushing device's. */
  'wrong_station',
  /** The document names another device as its creator, or its creator changed. */
  'wrong_device',
  /** The device's role may not do this (see WRITE_TABLE). */
  'role_forbidden',
  /** Tickets, needs and help requests are never deleted (a ticket is cancelled instead). */
  'deletion_forbidden',
  /** The station has no catalog at the district yet, so nothing can be checked against it. */
  'station_not_set_up',
  /** A field fixed at issue (number, day, issuedAt, issuing device, …) was changed. */
  'immutable_field',
  /** The stored history was rewritten or shortened: history is append-only. */
  'history_rewritten',
  /** An appended history entry is not what its action produces (wrong from/to, extra fields, a second issue). */
  'history_forged',
  /** An appended step is not allowed from the state before it (e.g. done → waiting). */
  'illegal_transition',
  /** The ticket's fields do not follow from its history (e.g. status or servedBy set by hand). */
  'state_mismatch',
  /** A staff action names someone who is not a staff member of the station. */
  'staff_unknown',
  /** A staff member called or served at a counter their staff record does not let them use. */
  'counter_forbidden',
  /** A new ticket, need or help request does not look like one just created. */
  'issue_malformed',
  /** The ticket's queue letter is not one of the station's queues. */
  'queue_unknown',
  /** The number is outside the issuing device's slot. */
  'number_outside_slot',
  /** Another ticket of the station already has this number on this day. */
  'number_taken',
  /** The ticket's day is not a station day the district accepts (future, too old, or not its issuedAt). */
  'day_out_of_range',
  /** A rating on a ticket that is not finished. */
  'rating_not_finished',
  /** A rating is given once and never changed or removed. */
  'rating_changed',
  /** A need, once left, is never changed. */
  'need_immutable',
  /** The appointment's slot is not one the station offers for the service, or it has passed. */
  'slot_unavailable',
  /** The appointment's slot already holds as many appointments as the station allows. */
  'slot_full',
  /** Another appointment of the station on that day already has this check-in code. */
  'code_taken',
  /** An appointment ticket names no appointment of the station, or not the slot and service it was booked for. */
  'appointment_mismatch',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** One refusal: its code and a message saying what was wrong with this document. */
export interface Refusal {
  code: RefusalCode;
  message: string;
}

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && (REFUSAL_CODES as readonly string[]).includes(value);
}

export function refuse(code: RefusalCode, message: string): Refusal {
  return { code, message };
}
