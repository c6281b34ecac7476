/**
 * Reports: for a period and, if chosen, a street, station, category, item or staff
 * member — the figures against the previous period of equal length, the daily
 * trend, the weekday × hour heatmap and a CSV of the same numbers. Everything on
 * the screen and in the file comes from one report response.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import type { Meta } from '#console/app/types.ts';
import { reportCsv } from '#console/reports/report-csv.ts';
import { FIGURE_ROWS, formatChange, formatFigure } from '#console/reports/report-format.ts';
import { ChoiceField, DateField, FilterForm, IdField, StreetField, todayInput } from './filter-fields.tsx';
import { addDays, type ReportQuery, type ReportResponse } from '#protocol/report-api.ts';

// ECharts is most of the console's weight: it loads when a report is first shown, not with the console.
const TrendChart = lazy(() => import('#console/reports/ReportCharts.tsx').then((m) => ({ default: m.TrendChart })));
const HeatmapChartView = lazy(() =>
  import('#console/reports/ReportCharts.tsx').then((m) => ({ default: m.HeatmapChartView })),
);

type Form = Required<Pick<ReportQuery, 'from' | 'to'>> &
  Record<'street' | 'stationId' | 'category' | 'serviceId' | 'staff', string>;

function initialForm(): Form {
  const to = todayInput();
  return { from: addDays(to, -6), to, street: '', stationId: '', category: '', serviceId: '', staff: '' };
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Form>(initialForm);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [report, setReport] = useState<ReportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (f: Form) => {
    setBusy(true);
    setError(null);
    try {
      const { from, to, ...rest } = f;
      const chosen = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v.trim() || undefined]));
      setReport(await api.get<ReportResponse>(`/reports${query({ from, to, ...chosen })}`));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    api.get<Meta>('/meta').then(setMeta, (e: unknown) => setError(errorText(e, t)));
    void run(initialForm());
    // The first report is of the last seven days; later ones run when the operator asks.
  }, []);

  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const lang = i18n.language;
  const q = report?.query;

  return (
    <section data-testid="screen-reports">
      <div className="title-row">
        <h1>{t('reports.title')}</h1>
        <button
          type="button"
          className="btn"
          disabled={!report}
          onClick={() => report && download(`report-${report.query.from}-${report.query.to}.csv`, reportCsv(report, t))}
          data-testid="report-csv"
        >
          {t('reports.exportCsv')}
        </button>
      </div>
      <FilterForm testId="report-form" runTestId="report-run" busy={busy} onRun={() => void run(form)}>
        <DateField label={t('reports.from')} required value={form.from} onChange={set('from')} testId="report-from" />
        <DateField label={t('reports.to')} required value={form.to} onChange={set('to')} testId="report-to" />
        <StreetField
          value={form.street}
          onChange={set('street')}
          streets={meta?.streets ?? []}
          testId="report-street"
        />
        <ChoiceField
          label={t('reports.filter.category')}
          value={form.category}
          onChange={set('category')}
          allLabel={t('reports.all')}
          options={(meta?.categories ?? []).map((c) => ({ value: c, label: t(`resident:category.${c}.name`) }))}
          testId="report-category"
        />
        <IdField
          label={t('reports.filter.stationId')}
          value={form.stationId}
          onChange={set('stationId')}
          testId="report-station"
        />
        <IdField
          label={t('reports.filter.serviceId')}
          value={form.serviceId}
          onChange={set('serviceId')}
          testId="report-service"
        />
        <IdField label={t('reports.filter.staff')} value={form.staff} onChange={set('staff')} testId="report-staff" />
      </FilterForm>
      {error && <Notice kind="error" text={error} />}
      {report && q && (
        <>
          <p className="hint" data-testid="report-period">
            {t('reports.period', { from: q.from, to: q.to, days: q.days })} ·{' '}
            {t('reports.previousPeriod', { from: q.previousFrom, to: q.previousTo })}
          </p>
          <div className="report-layout">
            <table className="list report-figures" data-testid="report-figures">
              <caption className="visually-hidden">{t('reports.figuresCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.csv.metric')}</th>
                  <th scope="col">{t('reports.csv.current')}</th>
                  <th scope="col">{t('reports.csv.previous')}</th>
                  <th scope="col">{t('reports.change')}</th>
                </tr>
              </thead>
              <tbody>
                {FIGURE_ROWS.map((row) => (
                  <tr key={row.key} data-testid={`figure-${row.key}`}>
                    <th scope="row">{t(`reports.figure.${row.key}`)}</th>
                    <td data-testid={`figure-${row.key}-current`}>
                      {formatFigure(report.current[row.key], row.kind, t, lang)}
                    </td>
                    <td>{formatFigure(report.previous[row.key], row.kind, t, lang)}</td>
                    <td>{formatChange(report.current[row.key], report.previous[row.key], row.kind, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
              <div className="report-charts">
                <figure>
                  <figcaption>{t('reports.chart.trend')}</figcaption>
                  <TrendChart report={report} />
                </figure>
                <figure>
                  <figcaption>{t('reports.chart.heatmap')}</figcaption>
                  <HeatmapChartView report={report} />
                </figure>
              </div>
            </Suspense>
          </div>
          <p className="hint">{t('reports.definitions')}</p>
          <p className="hint">{t('reports.definitionsEstimate')}</p>
        </>
      )}
    </section>
  );
}
