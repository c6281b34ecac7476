/**
 * Who a counter calls next: the call-order rule with the priority lane and
 * appointments merged into one line. Pure and runtime-free, so a counter decides
 * offline exactly as the hub, the district and the wait estimator (wait-estimate.ts)
 * do. The rule, for the waiting tickets of the queues one counter serves, in order:
 *
 *  1. Fairness guard. A priority or appointment ticket issued after a waiting
 *     regular one "goes ahead" of it; the counter's time spent on those (each
 *     call until the counter's next one) is that resident's extra wait. Once the
 *     oldest regular ticket's extra wait at this counter reaches
 *     `maxExtraWaitMinutes`, nobody goes ahead of it any more. So priority and
 *     appointments add at most M minutes, plus the one service under way when M
 *     is reached, to a regular resident's wait.
 *  2. A due appointment (its slot time has come), earliest slot first.
 *  3. A priority ticket issued before every waiting regular ticket passes nobody:
 *     it is called in plain issue order, so the lane never makes anyone wait longer
 *     than they would without it. A later priority ticket goes ahead if the station
 *     enables priority and either this counter has made no priority call today, or
 *     it has made at least `everyN` regular calls since its last priority call.
 *  4. The earliest regular ticket.
 *  5. An appointment checked in early, when nobody else waits (better than an idle counter).
 *
 * "Earliest" is issue order (`issuedAt`, then id), never the number: priority
 * changes who is called, not anyone's number. The counts are per counter, from
 * its own calls today, so the share holds at every counter and so for the station.
 *
 * Appointments: a resident may check in from `earlyMinutes` before the slot to
 * `lateMinutes` after its start (appointmentCheckIn); checked in on time, the
 * ticket is called at the slot time, late but within the grace, at once. Later than
 * that the slot is released and the resident takes an ordinary ticket; a ticket
 * checked in that late anyway is called as a regular one (callKind).
 */

/**
 * Who the station's priority lane is for, as the kiosk tells residents (no proof is
 * asked; staff can downgrade at the counter). Only the kiosk's wording reads it.
 */
export interface PriorityQualifiers {
  /** Residents of this age and over; absent when age alone does not qualify. */
  minAge?: number;
  disabled: boolean;
  pregnant: boolean;
}

/** A station's calling rules (the per-station settings of the priority lane and appointments). */
export interface CallPolicy {
  priority: {
    /** Whether priority tickets go ahead at all; when off, a priority ticket is called like any other. */
    enabled: boolean;
    /** Who may ask for it; absent in a policy that only the call order reads. */
    qualifies?: PriorityQualifiers;
    /** At most one priority call for every `everyN` regular calls while both wait (an integer ≥ 1). */
    everyN: number;
    /** A regular ticket never waits more than this many minutes longer because of priority or appointments. */
    maxExtraWaitMinutes: number;
  };
  appointments: {
    /** How many minutes before its slot a resident may check in. */
    earlyMinutes: number;
    /** How many minutes after its slot's start a late resident still keeps the appointment. */
    lateMinutes: number;
  };
}

/** Off until a station turns it on; the numbers are the ones a station starts from. */
export const DEFAULT_CALL_POLICY: CallPolicy = Object.freeze({
  priority: Object.freeze({
    enabled: false,
    qualifies: Object.freeze({ minAge: 70, disabled: true, pregnant: true }),
    everyN: 2,
    maxExtraWaitMinutes: 15,
  }),
  appointments: Object.freeze({ earlyMinutes: 30, lateMinutes: 10 }),
});

/** A waiting ticket as the rule sees it (the caller maps its tickets to this). */
export interface CallCandidate {
  id: string;
  queue: string;
  /** When the ticket was issued (an appointment ticket is issued at check-in), epoch ms; orders each class. */
  issuedAt: number;
  /** The resident asked for the priority lane. */
  priority: boolean;
  /** An appointment ticket's slot start, epoch ms; absent for walk-ins. */
  slotAt?: number;
}

/** Which line a ticket is called from, under a station's policy. */
export type CallKind = 'regular' | 'priority' | 'appointment';

/** One call this counter made today (the first call of a ticket; a recall is not a call). */
export interface CallRecord {
  at: number;
  kind: CallKind;
  /** The called ticket's issuedAt: whom it went ahead of. */
  issuedAt: number;
}

/** Why the rule chose the ticket, for the staff board and the logs. */
export type CallReason = 'fairness' | 'appointment_due' | 'priority' | 'regular' | 'appointment_early';

export interface CallChoice {
  ticket: CallCandidate;
  kind: CallKind;
  reason: CallReason;
}

export interface CallInput {
  /** Waiting tickets; those of queues this counter does not serve are ignored. */
  waiting: readonly CallCandidate[];
  /** The queue letters this counter serves. */
  queues: readonly string[];
  /** This counter's calls today, any order. */
  history: readonly CallRecord[];
  policy: CallPolicy;
  /** Epoch ms. */
  now: number;
}

const MINUTE = 60_000;

/** Where an appointment check-in at `at` stands against its slot. */
export type CheckInStanding = 'too_early' | 'on_time' | 'late' | 'too_late';

/**
 * The documented early/late rule: before `slotAt − earlyMinutes` is too early (come
 * back then); up to the slot's start is on time (called at the slot); up to
 * `lateMinutes` after it is late but kept (called at once); after that the slot is
 * released and the resident takes an ordinary ticket.
 */
export function appointmentCheckIn(slotAt: number, at: number, policy: CallPolicy): CheckInStanding {
  if (at < slotAt - policy.appointments.earlyMinutes * MINUTE) return 'too_early';
  if (at <= slotAt) return 'on_time';
  if (at <= slotAt + policy.appointments.lateMinutes * MINUTE) return 'late';
  return 'too_late';
}

/** The line a ticket is called from: a too-late appointment and (with priority off) a priority ticket are regular. */
export function callKind(ticket: CallCandidate, policy: CallPolicy): CallKind {
  if (ticket.slotAt !== undefined && appointmentCheckIn(ticket.slotAt, ticket.issuedAt, policy) !== 'too_late') {
    return 'appointment';
  }
  return ticket.priority && policy.priority.enabled ? 'priority' : 'regular';
}

const byIssue = (a: CallCandidate, b: CallCandidate) =>
  a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const bySlot = (a: CallCandidate, b: CallCandidate) => (a.slotAt ?? 0) - (b.slotAt ?? 0) || byIssue(a, b);

function earliest(tickets: CallCandidate[], order: (a: CallCandidate, b: CallCandidate) => number) {
  let best: CallCandidate | undefined;
  for (const t of tickets) if (!best || order(t, best) < 0) best = t;
  return best;
}

/**
 * How long this counter has spent, so far, on tickets that went ahead of a regular
 * ticket issued at `issuedAt`: the calls of later-issued priority and appointment
 * tickets, each lasting until the counter's next call (the last one until `now`).
 */
function extraDelay(history: readonly CallRecord[], issuedAt: number, now: number): number {
  const calls = [...history].sort((a, b) => a.at - b.at);
  let delay = 0;
  calls.forEach((r, i) => {
    // Issued in the same millisecond counts too: the record keeps no id to break the tie, so err toward the regular resident.
    if (r.kind !== 'regular' && r.issuedAt >= issuedAt) delay += (calls[i + 1]?.at ?? now) - r.at;
  });
  return delay;
}

/** Whether the priority share allows a priority call now, from this counter's calls today. */
function priorityTurn(history: readonly CallRecord[], everyN: number): boolean {
  let lastPriority = -Infinity;
  for (const r of history) if (r.kind === 'priority' && r.at > lastPriority) lastPriority = r.at;
  if (lastPriority === -Infinity) return true;
  let regular = 0;
  for (const r of history) if (r.kind === 'regular' && r.at > lastPriority) regular++;
  return regular >= everyN;
}

/** The ticket this counter calls next under the station's rule, or null when none of its queues has anyone waiting. */
export function nextCall({ waiting, queues, history, policy, now }: CallInput): CallChoice | null {
  const lines: Record<CallKind, CallCandidate[]> = { regular: [], priority: [], appointment: [] };
  for (const t of waiting) if (queues.includes(t.queue)) lines[callKind(t, policy)].push(t);

  const regular = earliest(lines.regular, byIssue);
  // The oldest regular ticket has been delayed at least as much as any younger one.
  const guarded =
    regular !== undefined && extraDelay(history, regular.issuedAt, now) >= policy.priority.maxExtraWaitMinutes * MINUTE;
  // While the guard holds, only an appointment checked in before that regular ticket may still be called: it passes nobody.
  const due = earliest(
    lines.appointment.filter(
      (t) => (t.slotAt ?? 0) <= now && (!guarded || (regular !== undefined && byIssue(t, regular) < 0)),
    ),
    bySlot,
  );
  const dueAppointment = lines.appointment.some((t) => (t.slotAt ?? 0) <= now);
  if (due) return { ticket: due, kind: 'appointment', reason: 'appointment_due' };
  const priority = earliest(lines.priority, byIssue);
  // A priority ticket issued before every waiting regular one goes in plain issue order: it passes nobody.
  if (priority && (!regular || byIssue(priority, regular) < 0)) {
    return { ticket: priority, kind: 'priority', reason: 'priority' };
  }
  if (priority && !guarded && priorityTurn(history, policy.priority.everyN)) {
    return { ticket: priority, kind: 'priority', reason: 'priority' };
  }
  if (regular)
    return {
      ticket: regular,
      kind: 'regular',
      reason: guarded && (dueAppointment || priority) ? 'fairness' : 'regular',
    };
  const early = earliest(lines.appointment, bySlot);
  return early ? { ticket: early, kind: 'appointment', reason: 'appointment_early' } : null;
}
