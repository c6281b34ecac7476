/**
 * Ticket numbers: one letter per queue plus three digits ("A023"), restarting every
 * day at each station, and never issued twice at one station on one day — even
 * when several devices issue tickets while offline and cannot ask each other.
 *
 * Scheme: each device that issues tickets at a station holds an issuing slot
 * `slot` out of `slots` (given at enrolment; a lone demo device is slot 0 of 1).
 * The numbers 001–999 fall into ten hundreds-blocks (0xx, 1xx, … 9xx); slot `s`
 * owns the blocks whose index b satisfies `b % slots === s`, and hands them out in
 * ascending order. Two slots never own the same block, so two devices can never
 * produce the same number, whatever the network does. With one slot the numbers
 * are simply 001, 002, 003, …; with two, the first device issues 001–099, then
 * 200–299, …, the second 100–199, then 300–399, …
 *
 * A device's sequence `seq` (1, 2, 3, … per queue per day) is persisted with each
 * ticket, so a restart continues the day's numbers. The station's day is its
 * local calendar day (Shanghai is UTC+8 all year).
 */
export interface IssuingSlot {
  /** This device's slot, 0-based. */
  slot: number;
  /** How many issuing slots the station has (1–10). */
  slots: number;
}

export const MAX_SLOTS = 10;

export class NumberingError extends Error {
  constructor(
    readonly code: 'bad_slot' | 'bad_seq' | 'exhausted',
    message: string,
  ) {
    super(message);
    this.name = 'NumberingError';
  }
}

/** Checks a slot assignment; throws NumberingError when it cannot work. */
export function assertValidSlot({ slot, slots }: IssuingSlot): void {
  if (!Number.isInteger(slots) || slots < 1 || slots > MAX_SLOTS) {
    throw new NumberingError('bad_slot', `slots must be an integer from 1 to ${MAX_SLOTS}, got ${slots}`);
  }
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
    throw new NumberingError('bad_slot', `slot must be an integer from 0 to ${slots - 1}, got ${slot}`);
  }
}

function blocksOf({ slot, slots }: IssuingSlot): number[] {
  const blocks: number[] = [];
  for (let b = slot; b < 10; b += slots) blocks.push(b);
  return blocks;
}

/** How many numbers a slot can issue per queue per day. */
export function slotCapacity(issuing: IssuingSlot): number {
  assertValidSlot(issuing);
  // Block 0 has 99 numbers (000 is never used), every other block 100.
  return blocksOf(issuing).reduce((sum, b) => sum + (b === 0 ? 99 : 100), 0);
}

/** The numeric part (1–999) of a device's `seq`-th ticket of the day in one queue. */
export function numberForSeq(seq: number, issuing: IssuingSlot): number {
  assertValidSlot(issuing);
  if (!Number.isInteger(seq) || seq < 1)
    throw new NumberingError('bad_seq', `seq must be a positive integer, got ${seq}`);
  let remaining = seq;
  for (const b of blocksOf(issuing)) {
    const first = b === 0 ? 1 : b * 100;
    const size = b === 0 ? 99 : 100;
    if (remaining <= size) return first + remaining - 1;
    remaining -= size;
  }
  throw new NumberingError(
    'exhausted',
    `this device has issued all ${slotCapacity(issuing)} numbers of its slot for this queue today`,
  );
}

/** The `seq` whose number is `n` in this slot, or null when `n` is not one of the slot's numbers. */
export function seqOfNumber(n: number, issuing: IssuingSlot): number | null {
  assertValidSlot(issuing);
  let before = 0;
  for (const b of blocksOf(issuing)) {
    const first = b === 0 ? 1 : b * 100;
    const size = b === 0 ? 99 : 100;
    if (n >= first && n < first + size) return before + n - first + 1;
    before += size;
  }
  return null;
}

/**
 * The next `seq` for a slot in one queue letter, from the numbers already issued
 * at the station that day (every ticket the device holds, whoever issued it).
 * Counted from the numbers, not from a ticket's current queue or device: a
 * transferred ticket keeps its number in its new queue, and a device replacing
 * a revoked one in the same slot must continue its numbers, not start at 001.
 */
export function nextSeq(issuedNumbers: Iterable<string>, queue: string, issuing: IssuingSlot): number {
  let last = 0;
  for (const number of issuedNumbers) {
    if (number.slice(0, -3) !== queue) continue;
    const n = Number(number.slice(-3));
    const seq = Number.isInteger(n) ? seqOfNumber(n, issuing) : null;
    if (seq !== null && seq > last) last = seq;
  }
  return last + 1;
}

/** Whether the numeric part `n` (1–999) of a ticket number lies in the slot's blocks. */
export function numberInSlot(n: number, issuing: IssuingSlot): boolean {
  return Number.isInteger(n) && seqOfNumber(n, issuing) !== null;
}

/** "A" + 23 → "A023". */
export function formatTicketNumber(queue: string, n: number): string {
  return `${queue}${String(n).padStart(3, '0')}`;
}

/** The station's local calendar day ("2026-11-28") for an instant. */
export function stationDay(epochMs: number, utcOffsetMinutes: number): string {
  return new Date(epochMs + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The station's local ISO weekday (1 = Monday) and minute of day for an instant. */
export function stationClock(epochMs: number, utcOffsetMinutes: number): { isoWeekday: number; minute: number } {
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  const dow = local.getUTCDay();
  return { isoWeekday: dow === 0 ? 7 : dow, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** "HH:MM" on the station's wall clock, whatever the device's time zone. */
export function formatStationTime(epochMs: number, utcOffsetMinutes: number): string {
  return new Date(epochMs + utcOffsetMinutes * 60_000).toISOString().slice(11, 16);
}
