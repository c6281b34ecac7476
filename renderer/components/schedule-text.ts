/** Weekly schedules in plain words: "周一至周五 09:00–17:00", "Every day 08:30–11:30". */
import type { TFunction } from 'i18next';
import type { NextOpening, ScheduleSlot } from '#protocol/schedule.ts';

/** Groups ISO weekdays into consecutive runs: [1,2,3,5] → [[1,3],[5,5]]. */
export function dayRuns(days: readonly number[]): [number, number][] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

export function formatDays(days: readonly number[], t: TFunction): string {
  if (new Set(days).size === 7) return t('resident:schedule.everyDay');
  const name = (d: number) => t(`resident:schedule.weekday.${d}`);
  return dayRuns(days)
    .map(([first, last]) =>
      first === last
        ? name(first)
        : last === first + 1
          ? `${name(first)}${t('resident:schedule.daysJoin')}${name(last)}`
          : t('resident:schedule.daysRange', { first: name(first), last: name(last) }),
    )
    .join(t('resident:schedule.daysJoin'));
}

/** One line per slot. */
export function formatSchedule(slots: readonly ScheduleSlot[], t: TFunction): string[] {
  return slots.map((s) => t('resident:schedule.slot', { days: formatDays(s.days, t), from: s.from, to: s.to }));
}

/**
 * When a service is offered next, in plain words: "明天（周三） 09:00–11:30",
 * "周五 09:00–11:30", "下周二 14:00–16:00" (the same weekday a week on).
 */
export function formatNextOpening(next: NextOpening, t: TFunction): string {
  const weekday = t(`resident:schedule.weekday.${next.isoWeekday}`);
  const day =
    next.daysAhead === 0
      ? t('resident:schedule.today')
      : next.daysAhead === 1
        ? t('resident:schedule.tomorrow', { weekday })
        : next.daysAhead === 7
          ? t('resident:schedule.nextWeek', { weekday })
          : weekday;
  return t('resident:schedule.next', { day, from: next.from, to: next.to });
}
