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
