/**
 * How the report's numbers are written, on screen and in the CSV: one place, so the
 * two read the same figures the same way. Minutes and percentages to one decimal on
 * screen; two decimals in the CSV, for people who compute further.
 */
import type { TFunction } from 'i18next';
import type { ReportFigures } from '#protocol/report-api.ts';

/** The rows of the figures table, in order; `kind` says how a value is written. */
export const FIGURE_ROWS = [
  { key: 'issued', kind: 'count' },
  { key: 'served', kind: 'count' },
  { key: 'noShowRate', kind: 'rate' },
  { key: 'cancelRate', kind: 'rate' },
  { key: 'waitP50Min', kind: 'minutes' },
  { key: 'waitP90Min', kind: 'minutes' },
  { key: 'serviceP50Min', kind: 'minutes' },
  { key: 'serviceP90Min', kind: 'minutes' },
  { key: 'calledWithin15Rate', kind: 'rate' },
  { key: 'estimateCalled', kind: 'count' },
  { key: 'estimateInsideRate', kind: 'rate' },
  { key: 'estimateErrorP50Min', kind: 'minutes' },
] as const satisfies readonly { key: keyof ReportFigures; kind: 'count' | 'rate' | 'minutes' }[];

export type FigureKind = (typeof FIGURE_ROWS)[number]['kind'];

/** A figure for the screen: "12.3 min", "8.0%", "120"; a dash when there was nothing to measure. */
export function formatFigure(value: number | null, kind: FigureKind, t: TFunction, lang: string): string {
  if (value === null) return t('reports.none');
  if (kind === 'count') return new Intl.NumberFormat(lang).format(value);
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return t('reports.minutes', { value: value.toFixed(1) });
}

/** The change from the previous period: counts and minutes in their unit, rates in percentage points. */
export function formatChange(current: number | null, previous: number | null, kind: FigureKind, t: TFunction): string {
  if (current === null || previous === null) return t('reports.none');
  const d = current - previous;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const abs = Math.abs(d);
  if (kind === 'count') {
    const pct = previous > 0 ? ` (${sign}${((abs / previous) * 100).toFixed(1)}%)` : '';
    return `${sign}${abs}${pct}`;
  }
  if (kind === 'rate') return t('reports.points', { value: `${sign}${(abs * 100).toFixed(1)}` });
  return t('reports.minutes', { value: `${sign}${abs.toFixed(1)}` });
}

/** A figure for the CSV: a plain number (rates in percent), empty when there was nothing to measure. */
export function csvFigure(value: number | null, kind: FigureKind): string {
  if (value === null) return '';
  if (kind === 'count') return String(value);
  return (kind === 'rate' ? value * 100 : value).toFixed(2);
}
