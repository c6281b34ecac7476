/**
 * Reports: for a period and, if chosen, a street, station, category, item or staff
 * member — the figures against the previous period of equal length, the daily
 * trend, the weekday × hour heatmap and a CSV of the same numbers. Everything on
 * the screen and in the file comes from one report response.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import { useOperator } from '#console/app/session.tsx';
import type { Meta } from '#console/app/types.ts';
import { reportCsv } from '#console/reports/report-csv.ts';
import { FIGURE_ROWS, formatChange, formatFigure } from '#console/reports/report-format.ts';
import { addDays, type ReportQuery, type ReportResponse } from '#protocol/report-api.ts';
import { visibleStreet } from '#protocol/operator-roles.ts';

// ECharts is most of the console's weight: it loads when a report is first shown, not with the console.
const TrendChart = lazy(() => import('#console/reports/ReportCharts.tsx').then((m) => ({ default: m.TrendChart })));
const HeatmapChartView = lazy(() =>
  import('#console/reports/ReportCharts.tsx').then((m) => ({ default: m.HeatmapChartView })),
);

/** Today in the browser's calendar, YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

type Form = Required<Pick<ReportQuery, 'from' | 'to'>> &
  Record<'street' | 'stationId' | 'category' | 'serviceId' | 'staff', string>;

function initialForm(): Form {
  const to = today();
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
  const operator = useOperator();
  const ownStreet = visibleStreet(operator);
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(form);
  };
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
      <form className="filters report-filters" role="search" onSubmit={submit} data-testid="report-form">
        <label>
          {t('reports.from')}
          <input
            type="date"
            required
            value={form.from}
            onChange={(e) => set('from')(e.target.value)}
            data-testid="report-from"
          />
        </label>
        <label>
          {t('reports.to')}
          <input
            type="date"
            required
            value={form.to}
            onChange={(e) => set('to')(e.target.value)}
            data-testid="report-to"
          />
        </label>
        <label>
          {t('reports.filter.street')}
          <select value={form.street} onChange={(e) => set('street')(e.target.value)} data-testid="report-street">
            <option value="">{ownStreet ?? t('reports.all')}</option>
            {ownStreet === null &&
              (meta?.streets ?? []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('reports.filter.category')}
          <select value={form.category} onChange={(e) => set('category')(e.target.value)} data-testid="report-category">
            <option value="">{t('reports.all')}</option>
            {(meta?.categories ?? []).map((c) => (
              <option key={c} value={c}>
                {t(`resident:category.${c}.name`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.filter.stationId')}
          <input
            value={form.stationId}
            placeholder={t('reports.idPlaceholder')}
            onChange={(e) => set('stationId')(e.target.value)}
            data-testid="report-station"
          />
        </label>
        <label>
          {t('reports.filter.serviceId')}
          <input
            value={form.serviceId}
            placeholder={t('reports.idPlaceholder')}
            onChange={(e) => set('serviceId')(e.target.value)}
            data-testid="report-service"
          />
        </label>
        <label>
          {t('reports.filter.staff')}
          <input
            value={form.staff}
            placeholder={t('reports.idPlaceholder')}
            onChange={(e) => set('staff')(e.target.value)}
            data-testid="report-staff"
          />
        </label>
        <div className="report-run">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="report-run">
            {busy ? t('common.loading') : t('reports.run')}
          </button>
        </div>
      </form>
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
