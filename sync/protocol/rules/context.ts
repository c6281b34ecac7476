/** What a rule check knows besides the documents: who writes, the station's facts, and the server's clock. Runtime-free. */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import type { CallPolicy } from '#protocol/call-order.ts';
import { priorityOffered, stationCallPolicy } from '#protocol/station-policy.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { CounterLimited } from '#protocol/staff-counters.ts';

/** The pushing device, as its credential says (never as the document says). */
export interface Writer {
  deviceId: string;
  stationId: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
}

/** What the rules know of one staff member. */
export interface StaffFacts extends CounterLimited {
  name: string;
}

/** The station's catalog facts the rules check against. */
export interface StationFacts {
  queues: ReadonlySet<string>;
  staffIds: ReadonlySet<string>;
  /** Each staff member as the station lists them: the name, and the counters they may use (staff-counters.ts). */
  staff: ReadonlyMap<string, StaffFacts>;
  utcOffsetMinutes: number;
  /** The station offers the priority lane (its call policy), so its kiosks may issue priority tickets. */
  priorityOffered: boolean;
  /** The services that take appointments, their slots and capacity (absent: none). */
  appointmentSlots?: StationDoc['appointmentSlots'];
  /** The station's calling rules, for the appointments' check-in window (absent: the default). */
  callPolicy?: CallPolicy;
}

/** The facts of a stored station document; null when the station has none yet. */
export function stationFacts(
  doc: Pick<StationDoc, 'queues' | 'staff' | 'utcOffsetMinutes' | 'callPolicy' | 'appointmentSlots'> | undefined,
): StationFacts | null {
  if (!doc) return null;
  return {
    queues: new Set(doc.queues.map((q) => q.letter)),
    staffIds: new Set((doc.staff ?? []).map((s) => s.id)),
    staff: new Map((doc.staff ?? []).map((s) => [s.id, { name: s.name, counters: s.counters }])),
    utcOffsetMinutes: doc.utcOffsetMinutes,
    priorityOffered: priorityOffered(doc),
    appointmentSlots: doc.appointmentSlots,
    callPolicy: stationCallPolicy(doc),
  };
}

/**
 * How many station days back a newly pushed ticket may be from. The district's
 * day is the station's current day; a station may be offline for a week and then
 * push that week's tickets (PRODUCT.md: back in sync after a week offline), so
 * the current day and the 7 before it are accepted, nothing later or older.
 */
export const ISSUE_DAYS_BACK = 7;

/** A device clock may run this far ahead of the server's before its "today" is refused as tomorrow. */
export const CLOCK_AHEAD_TOLERANCE_MS = 10 * 60_000;

const DAY_MS = 86_400_000;

/** The first and last station day (inclusive, "YYYY-MM-DD") a new ticket may carry at server time `now`. */
export function acceptedIssueDays(now: number, utcOffsetMinutes: number): { first: string; last: string } {
  return {
    first: stationDay(now - ISSUE_DAYS_BACK * DAY_MS, utcOffsetMinutes),
    last: stationDay(now + CLOCK_AHEAD_TOLERANCE_MS, utcOffsetMinutes),
  };
}
