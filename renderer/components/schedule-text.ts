/** Weekly schedules in plain words: "周一至周五 09:00–17:00", "Every day 08:30–11:30". */
import type { TFunction } from 'i18next';
import type { ScheduleSlot } from '#protocol/schedule.ts';

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
