/**
 * The report as CSV, built from the very response the screen draws, so the file
 * and the charts cannot disagree. Three blocks (figures, days, weekday × hour),
 * headers in the operator's language, and a byte-order mark so spreadsheet
 * programs read the Chinese text as UTF-8.
 */
import type { TFunction } from 'i18next';
import type { ReportResponse } from '#protocol/report-api.ts';
import { csvFigure, FIGURE_ROWS } from './report-format.ts';

function cell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: (string | number)[]) => cells.map(cell).join(',');

export function reportCsv(report: ReportResponse, t: TFunction): string {
  const q = report.query;
  const filters = (['street', 'stationId', 'category', 'serviceId', 'staff'] as const)
    .filter((k) => q[k] !== undefined)
    .map((k) => `${t(`reports.filter.${k}`)}=${q[k]}`);
  const minutes = (v: number | null) => csvFigure(v, 'minutes');
  const lines = [
    line([t('reports.csv.period'), q.from, q.to, t('reports.csv.previousPeriod'), q.previousFrom, q.previousTo]),
    line([t('reports.csv.filters'), ...filters]),
    '',
    line([t('reports.csv.metric'), t('reports.csv.current'), t('reports.csv.previous')]),
    ...FIGURE_ROWS.map((row) =>
      line([
        t(`reports.figure.${row.key}`),
        csvFigure(report.current[row.key], row.kind),
        csvFigure(report.previous[row.key], row.kind),
      ]),
    ),
    '',
    line([
      t('reports.csv.day'),
      t('reports.figure.issued'),
      t('reports.figure.served'),
      t('reports.figure.waitP50Min'),
      t('reports.csv.previousDay'),
      t('reports.figure.issued'),
      t('reports.figure.served'),
      t('reports.figure.waitP50Min'),
    ]),
    ...report.daily.map((d, i) => {
      const p = report.previousDaily[i];
      return line([
        d.day,
        d.issued,
        d.served,
        minutes(d.waitP50Min),
        p?.day ?? '',
        p?.issued ?? '',
        p?.served ?? '',
        minutes(p?.waitP50Min ?? null),
      ]);
    }),
    '',
    line([t('reports.csv.weekdayHour'), ...Array.from({ length: 24 }, (_, h) => h)]),
    ...report.heatmap.map((hours, i) => line([t(`reports.weekday.${i + 1}`), ...hours])),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
