/**
 * 好差评: the rating distribution of a period (per station, item or staff member)
 * and the follow-up cases every 不满意/非常不满意 rating opened, overdue ones first.
 * The level and reason words are the counter's own (staff namespace), so the
 * operator reads what the resident was shown.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import { href } from '#console/app/routing.ts';
import { ChoiceField, DateField, FilterForm, IdField, StreetField, todayInput } from './filter-fields.tsx';
import type { Meta, Page } from '#console/app/types.ts';
import { addDays } from '#protocol/report-api.ts';
import {
  CASE_STATUSES,
  RATING_GROUPINGS,
  type RatingCase,
  type RatingDistribution,
  type RatingGrouping,
} from '#protocol/rating-cases.ts';

const LIMIT = 50;
/** Level 1 (非常不满意) … 5 (非常满意), the order of RatingRow.counts. */
const LEVELS = [1, 2, 3, 4, 5] as const;

interface Filters {
  from: string;
  to: string;
  by: RatingGrouping;
  street: string;
  stationId: string;
}

function Distribution({ meta }: { meta: Meta | null }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Filters>(() => ({
    from: addDays(todayInput(), -29),
    to: todayInput(),
    by: 'station',
    street: '',
    stationId: '',
  }));
  const [data, setData] = useState<RatingDistribution | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });

  const run = (f: Filters) => {
    setError(null);
    api
      .get<RatingDistribution>(
        `/ratings${query({ from: f.from, to: f.to, by: f.by, street: f.street, stationId: f.stationId.trim() })}`,
      )
      .then(setData, (e: unknown) => setError(errorText(e, t)));
  };
  useEffect(() => run(form), []);
  const set = (key: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const total = data ? data.totals.reduce((a, b) => a + b, 0) : 0;

  return (
    <section aria-labelledby="ratings-title" data-testid="ratings">
      <h2 id="ratings-title">{t('cases.distribution')}</h2>
      <FilterForm testId="ratings-form" runTestId="ratings-run" onRun={() => run(form)}>
        <DateField label={t('reports.from')} required value={form.from} onChange={set('from')} />
        <DateField label={t('reports.to')} required value={form.to} onChange={set('to')} />
        <ChoiceField
          label={t('cases.by')}
          value={form.by}
          onChange={set('by')}
          options={RATING_GROUPINGS.map((g) => ({ value: g, label: t(`cases.grouping.${g}`) }))}
          testId="ratings-by"
        />
        <StreetField value={form.street} onChange={set('street')} streets={meta?.streets ?? []} />
        <IdField label={t('reports.filter.stationId')} value={form.stationId} onChange={set('stationId')} />
      </FilterForm>
      {error && <Notice kind="error" text={error} />}
      {data && (
        <table className="list ratings" data-testid="ratings-table">
          <caption className="visually-hidden">{t('cases.distribution')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`cases.grouping.${data.by}`)}</th>
              {LEVELS.map((l) => (
                <th scope="col" key={l}>
                  {t(`staff:rating.level.${l}`)}
                </th>
              ))}
              <th scope="col">{t('cases.total')}</th>
              <th scope="col">{t('cases.badShare')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.key} data-testid={`rating-row-${r.key}`}>
                <th scope="row">
                  {r.label}
                  {r.label !== r.key && <p className="muted">{r.key}</p>}
                </th>
                {r.counts.map((n, i) => (
                  <td key={i}>{n}</td>
                ))}
                <td>{r.total}</td>
                <td>{r.total ? pct.format((r.counts[0] + r.counts[1]) / r.total) : '—'}</td>
              </tr>
            ))}
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={8}>{t('cases.noRatings')}</td>
              </tr>
            )}
          </tbody>
          {data.rows.length > 0 && (
            <tfoot>
              <tr>
                <th scope="row">{t('cases.total')}</th>
                {data.totals.map((n, i) => (
                  <td key={i}>{n}</td>
                ))}
                <td>{total}</td>
                <td>{total ? pct.format((data.totals[0] + data.totals[1]) / total) : '—'}</td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </section>
  );
}

/** The status and overdue flag as words (never colour alone). */
export function CaseStatusTag({ c }: { c: Pick<RatingCase, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`cases.status.${c.status}`)}
      {c.overdue && (
        <span className="band-tag band-tag-critical" data-testid="case-overdue">
          {t('cases.overdue')}
        </span>
      )}
    </>
  );
}

function CaseList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<RatingCase> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<Page<RatingCase>>(`/cases${query({ status, overdue: overdue ? 'true' : undefined, limit: LIMIT, offset })}`)
      .then(setPage, (e: unknown) => setError(errorText(e, t)));
  }, [status, overdue, offset, t]);

  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">{t('cases.listTitle')}</h2>
      <p className="hint">{t('cases.rule')}</p>
      <div className="checks">
        <label>
          {t('cases.statusFilter')}
          <select
            value={status}
            onChange={(e) => {
              setOffset(0);
              setStatus(e.target.value);
            }}
            data-testid="cases-status"
          >
            <option value="">{t('reports.all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => {
              setOffset(0);
              setOverdue(e.target.checked);
            }}
            data-testid="cases-overdue"
          />
          {t('cases.onlyOverdue')}
        </label>
      </div>
      {error && <Notice kind="error" text={error} />}
      <table className="list cases" data-testid="cases-list">
        <thead>
          <tr>
            <th scope="col">{t('cases.case')}</th>
            <th scope="col">{t('cases.station')}</th>
            <th scope="col">{t('cases.level')}</th>
            <th scope="col">{t('cases.reasons')}</th>
            <th scope="col">{t('cases.dueOn')}</th>
            <th scope="col">{t('cases.owner')}</th>
            <th scope="col">{t('cases.statusFilter')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((c) => (
            <tr key={c.id} className={c.overdue ? 'band-critical' : undefined} data-testid={`case-${c.ticketId}`}>
              <td>
                <a href={href({ screen: 'case', id: String(c.id) })}>
                  {t('cases.caseNumber', { id: c.id })} · {c.ticketNumber}
                </a>
                <p className="muted">{c.ticketDay}</p>
              </td>
              <td>
                {c.stationName}
                <p className="muted">{c.street}</p>
              </td>
              <td>{t(`staff:rating.level.${c.level}`)}</td>
              <td>{c.reasons.map((r) => t(`staff:rating.reason.${r}`, { defaultValue: r })).join('、') || '—'}</td>
              <td data-testid="case-due">
                {c.dueOn}
                <p className="muted">{t('cases.workingDays', { count: c.workingDays })}</p>
              </td>
              <td>{c.owner || '—'}</td>
              <td>
                <CaseStatusTag c={c} />
              </td>
            </tr>
          ))}
          {page?.items.length === 0 && (
            <tr>
              <td colSpan={7}>{t('cases.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}
    </section>
  );
}

export function CasesScreen() {
  const { t } = useTranslation();
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => {
    api.get<Meta>('/meta').then(setMeta, () => setMeta(null));
  }, []);
  return (
    <section data-testid="screen-cases">
      <h1>{t('cases.title')}</h1>
      <CaseList />
      <Distribution meta={meta} />
    </section>
  );
}
