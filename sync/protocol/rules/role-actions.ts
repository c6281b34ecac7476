/**
 * The write table and the read table: what each device role may do and see.
 * Enforced by every server of ours (district, station hub) on every pushed row and
 * every pulled or streamed document. Runtime-free.
 */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { TicketAction } from '#protocol/ticket-lifecycle.ts';

/** Every write a device can make, named by document and action. */
export const WRITE_ACTIONS = [
  'ticket.issue',
  'ticket.call',
  'ticket.recall',
  'ticket.start',
  'ticket.finish',
  'ticket.no_show',
  'ticket.cancel',
  'ticket.transfer',
  'ticket.reactivate',
  'ticket.upgrade',
  'ticket.downgrade',
  'ticket.rate',
  'need.create',
  'helpRequest.create',
  'helpRequest.acknowledge',
  'helpRequest.close',
  'deviceHealth.report',
  'appointment.book',
  'appointment.check_in',
  'appointment.cancel',
  'appointment.no_show',
] as const;
export type WriteAction = (typeof WRITE_ACTIONS)[number];

const KIOSK: readonly WriteAction[] = [
  'ticket.issue',
  'need.create',
  'helpRequest.create',
  'deviceHealth.report',
  // The resident checks in for their appointment (booked → checked_in, with the ticket the kiosk issues); nothing else.
  'appointment.check_in',
];
const COUNTER: readonly WriteAction[] = [
  'ticket.issue',
  'ticket.call',
  'ticket.recall',
  'ticket.start',
  'ticket.finish',
  'ticket.no_show',
  'ticket.cancel',
  'ticket.transfer',
  'ticket.reactivate',
  // Staff move a waiting resident into the priority lane, or out of it (no proof is asked at the kiosk).
  'ticket.upgrade',
  'ticket.downgrade',
  // The resident rates at the counter's screen, once the ticket is finished.
  'ticket.rate',
  'helpRequest.acknowledge',
  'helpRequest.close',
  'deviceHealth.report',
  // Staff book a resident's appointment at the counter, check them in, cancel it or record a no-show.
  'appointment.book',
  'appointment.check_in',
  'appointment.cancel',
  'appointment.no_show',
];

/**
 * Who may write what. The kiosk is the resident's: it issues tickets (a priority
 * one only where the station offers the lane, ticket-rules.ts) and takes needs and
 * help requests. The counter is staff's: it issues walk-up tickets, moves
 * tickets through their lifecycle, takes the rating and handles help requests. The
 * display only shows the queue. Every device reports its own health (its printer,
 * its sync), which carries nothing of a resident's.
 */
export const WRITE_TABLE: Readonly<Record<DeviceRole, readonly WriteAction[]>> = {
  kiosk: KIOSK,
  counter: COUNTER,
  display: ['deviceHealth.report'],
};

/** Whether `role` may make the write `action`. */
export function mayWrite(role: DeviceRole, action: WriteAction): boolean {
  return WRITE_TABLE[role].includes(action);
}

/** The write action a ticket lifecycle step is. */
export function ticketWriteAction(action: TicketAction): WriteAction {
  return `ticket.${action}`;
}

/** Fields of a synced document a role does not receive (pull, stream and push conflicts alike). */
export interface HiddenFields {
  /** station documents: the staff list with PIN hashes. */
  stations: readonly string[];
  /** needs: the resident's phone number; devices write it and never read it back. */
  needs: readonly string[];
  /** appointments: the resident's name, phone digits and check-in code. */
  appointments: readonly string[];
}

/**
 * The read table. Every role reads its station's catalog and queue; only a counter
 * (where staff sign in with a PIN, offline) receives the staff list with the PIN
 * hashes; no device reads a resident's phone number back; a display does not see
 * who booked an appointment or the code that checks it in.
 */
export const READ_TABLE: Readonly<Record<DeviceRole, HiddenFields>> = {
  // A kiosk matches the code or phone digits offline, so it keeps them; a display shows no appointment at all.
  kiosk: { stations: ['staff'], needs: ['contact'], appointments: [] },
  counter: { stations: [], needs: ['contact'], appointments: [] },
  display: { stations: ['staff'], needs: ['contact'], appointments: ['name', 'phoneLast4', 'code'] },
};
