import { describe, expect, it } from 'vitest';
import {
  formatTicketNumber,
  numberForSeq,
  NumberingError,
  slotCapacity,
  stationDay,
} from '#protocol/ticket-numbering.ts';

const SHANGHAI = 480;

describe('ticket numbers', () => {
  it('counts 001, 002, 003 on a lone device', () => {
    const lone = { slot: 0, slots: 1 };
    expect([1, 2, 3].map((n) => formatTicketNumber('A', numberForSeq(n, lone)))).toEqual(['A001', 'A002', 'A003']);
    expect(formatTicketNumber('B', numberForSeq(999, lone))).toBe('B999');
    expect(slotCapacity(lone)).toBe(999);
  });

  it('never gives two offline devices of one station the same number on one day', () => {
    const kiosk = { slot: 0, slots: 2 };
    const counter = { slot: 1, slots: 2 };
    const a = Array.from({ length: slotCapacity(kiosk) }, (_, i) => numberForSeq(i + 1, kiosk));
    const b = Array.from({ length: slotCapacity(counter) }, (_, i) => numberForSeq(i + 1, counter));
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
    expect(a.slice(0, 2)).toEqual([1, 2]);
    expect(b.slice(0, 2)).toEqual([100, 101]);
    // Each device keeps counting upward within its own blocks.
    expect(a[99]).toBe(200);
  });

  it('keeps every slot of a ten-device station disjoint and within three digits', () => {
    const all = new Set<number>();
    let total = 0;
    for (let slot = 0; slot < 10; slot++) {
      const cap = slotCapacity({ slot, slots: 10 });
      for (let seq = 1; seq <= cap; seq++) {
        const n = numberForSeq(seq, { slot, slots: 10 });
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(999);
        all.add(n);
        total++;
      }
    }
    expect(all.size).toBe(total);
    expect(total).toBe(999);
  });

  it('refuses to wrap around once a slot is used up, instead of repeating a number', () => {
    const slot = { slot: 1, slots: 2 };
    expect(() => numberForSeq(slotCapacity(slot) + 1, slot)).toThrow(NumberingError);
  });

  it('rejects impossible slot assignments with a clear message', () => {
    expect(() => numberForSeq(1, { slot: 2, slots: 2 })).toThrow(/slot must be an integer from 0 to 1/);
    expect(() => numberForSeq(1, { slot: 0, slots: 11 })).toThrow(/slots must be/);
    expect(() => numberForSeq(0, { slot: 0, slots: 1 })).toThrow(/seq/);
  });

  it('rolls over to a new day at local midnight in Shanghai, not UTC', () => {
    // 2026-11-28 23:59:59 in Shanghai is 15:59:59 UTC.
    const beforeMidnight = Date.UTC(2026, 10, 28, 15, 59, 59);
    expect(stationDay(beforeMidnight, SHANGHAI)).toBe('2026-11-28');
    expect(stationDay(beforeMidnight + 1000, SHANGHAI)).toBe('2026-11-29');
    // 07:00 UTC on the 28th is already afternoon of the 28th in Shanghai.
    expect(stationDay(Date.UTC(2026, 10, 28, 7), SHANGHAI)).toBe('2026-11-28');
  });
});
