import { describe, expect, it } from 'vitest';
import { givesNumbersToday, nextOpening, type ScheduleSlot } from '#protocol/schedule.ts';

const TUESDAY = 2;
const WEDNESDAY = 3;
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const wednesdayClinic: ScheduleSlot[] = [{ days: [WEDNESDAY], from: '09:00', to: '11:30' }];

describe('when a service is offered next', () => {
  it('gives no number at 16:05 on a Tuesday for a Wednesday-only clinic, and says it is tomorrow', () => {
    expect(givesNumbersToday(wednesdayClinic, TUESDAY, at('16:05'))).toBe(false);
    expect(nextOpening(wednesdayClinic, TUESDAY, at('16:05'))).toEqual({
      daysAhead: 1,
      isoWeekday: WEDNESDAY,
      from: '09:00',
      to: '11:30',
    });
  });

  it('gives numbers on its day before it opens and while it is open, not after it closed', () => {
    expect(givesNumbersToday(wednesdayClinic, WEDNESDAY, at('08:30'))).toBe(true);
    expect(givesNumbersToday(wednesdayClinic, WEDNESDAY, at('11:29'))).toBe(true);
    expect(givesNumbersToday(wednesdayClinic, WEDNESDAY, at('11:30'))).toBe(false);
    // After closing on its own day, it is next offered a week later.
    expect(nextOpening(wednesdayClinic, WEDNESDAY, at('12:00'))).toMatchObject({ daysAhead: 7, isoWeekday: WEDNESDAY });
  });

  it('picks the earliest slot still to come, across the week end', () => {
    const slots: ScheduleSlot[] = [
      { days: [1, 5], from: '14:00', to: '16:00' },
      { days: [5], from: '09:00', to: '11:00' },
    ];
    expect(nextOpening(slots, 5, at('08:00'))).toMatchObject({ daysAhead: 0, from: '09:00' });
    expect(nextOpening(slots, 5, at('12:00'))).toMatchObject({ daysAhead: 0, from: '14:00' });
    // Saturday evening → Monday 14:00.
    expect(nextOpening(slots, 6, at('18:00'))).toEqual({ daysAhead: 2, isoWeekday: 1, from: '14:00', to: '16:00' });
    expect(nextOpening([], 1, 0)).toBeNull();
  });
});
