/** A weekly opening slot: ISO weekdays (1 = Monday … 7 = Sunday) and a local time range. */
export interface ScheduleSlot {
  days: number[];
  from: string;
  to: string;
}

const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** JSON schema for a list of weekly schedule slots. */
export const scheduleSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 20,
  items: {
    type: 'object',
    properties: {
      days: {
        type: 'array',
        minItems: 1,
        maxItems: 7,
        items: { type: 'integer', minimum: 1, maximum: 7 },
      },
      from: { type: 'string', pattern: HHMM },
      to: { type: 'string', pattern: HHMM },
    },
    required: ['days', 'from', 'to'],
    additionalProperties: false,
  },
} as const;

/** Minutes since midnight for "HH:MM". */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a slot list is open on the given ISO weekday at the given minute of day. */
export function isOpenAt(slots: readonly ScheduleSlot[], isoWeekday: number, minute: number): boolean {
  return slots.some(
    (s) => s.days.includes(isoWeekday) && minute >= minutesOfDay(s.from) && minute < minutesOfDay(s.to),
  );
}

/** The next slot a service is offered in, seen from a station weekday and minute. */
export interface NextOpening {
  /** 0 = today (now or later today), 1 = tomorrow … 7 = the same weekday next week. */
  daysAhead: number;
  isoWeekday: number;
  from: string;
  to: string;
}

/**
 * The slot the service is offered in next: one open now, or the earliest one still
 * to come (a slot of today counts until it ends). Null when the schedule has no slot.
 */
export function nextOpening(slots: readonly ScheduleSlot[], isoWeekday: number, minute: number): NextOpening | null {
  for (let daysAhead = 0; daysAhead <= 7; daysAhead++) {
    const weekday = ((isoWeekday - 1 + daysAhead) % 7) + 1;
    const candidates = slots
      .filter((s) => s.days.includes(weekday) && (daysAhead > 0 || minute < minutesOfDay(s.to)))
      .sort((a, b) => minutesOfDay(a.from) - minutesOfDay(b.from));
    const first = candidates[0];
    if (first) return { daysAhead, isoWeekday: weekday, from: first.from, to: first.to };
  }
  return null;
}

/**
 * Whether a kiosk gives a number for the service at this station time: it is
 * offered today, now or later today. A number for a day it is not offered could
 * never be served (a Wednesday clinic's number taken on a Tuesday afternoon).
 */
export function givesNumbersToday(slots: readonly ScheduleSlot[], isoWeekday: number, minute: number): boolean {
  return nextOpening(slots, isoWeekday, minute)?.daysAhead === 0;
}
