/**
 * One follow-up case: the rating as the resident gave it (read-only: nothing on
 * this screen or behind it can change a rating), the deadline, and its history.
 * An operator who may change the station moves it one step forward, names the
 * owner, and appends notes; every step is kept with who and when.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import { canChange } from '#protocol/operator-roles.ts';
import { CASE_NOTE_MAX, CASE_STATUSES, type CaseChange, type RatingCaseDetail } from '#protocol/rating-cases.ts';
import { CaseStatusTag } from './CasesScreen.tsx';

export function CaseScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const operator = useOperator();
  const [detail, setDetail] = useState<RatingCaseDetail | null>(null);
  const [owner, setOwner] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  useEffect(() => {
    api.get<RatingCaseDetail>(`/cases/${encodeURIComponent(id)}`).then(
      (d) => {
        setDetail(d);
        setOwner(d.owner);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [id, t]);

  const send = async (change: CaseChange, done: string) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const d = await api.post<RatingCaseDetail>(`/cases/${encodeURIComponent(id)}/changes`, change);
      setDetail(d);
      setOwner(d.owner);
      setNote('');
      setSaved(done);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  if (!detail)
    return (
      <section data-testid="screen-case">
        <p className="crumbs">
          <a href={href({ screen: 'cases' })}>{t('cases.title')}</a>
        </p>
        {error ? <Notice kind="error" text={error} /> : <p className="loading">{t('common.loading')}</p>}
      </section>
    );

  const next = CASE_STATUSES[CASE_STATUSES.indexOf(detail.status) + 1];
  const mayChange = canChange(operator, detail.street);
  const submitNote = (e: FormEvent) => {
    e.preventDefault();
    const change: CaseChange = {};
    if (note.trim()) change.note = note.trim();
    if (owner.trim() !== detail.owner) change.owner = owner.trim();
    if (Object.keys(change).length > 0) void send(change, t('cases.saved'));
  };

  return (
    <section data-testid="screen-case">
      <p className="crumbs">
        <a href={href({ screen: 'cases' })}>{t('cases.title')}</a>
      </p>
      <h1>
        {t('cases.caseNumber', { id: detail.id })} · {detail.stationName} {detail.ticketNumber}
      </h1>
      {error && <Notice kind="error" text={error} />}
      {saved && <Notice kind="ok" text={saved} />}
      <dl className="case-facts" data-testid="case-facts">
        <dt>{t('cases.level')}</dt>
        <dd data-testid="case-level">{t(`staff:rating.level.${detail.level}`)}</dd>
        <dt>{t('cases.reasons')}</dt>
        <dd>{detail.reasons.map((r) => t(`staff:rating.reason.${r}`, { defaultValue: r })).join('、') || '—'}</dd>
        <dt>{t('cases.ticket')}</dt>
        <dd>
          {detail.ticketNumber} · {detail.ticketDay} · {detail.serviceId}
          {detail.servedBy ? ` · ${t('cases.servedBy', { staff: detail.servedBy })}` : ''}
        </dd>
        <dt>{t('cases.openedAt')}</dt>
        <dd>{when.format(new Date(detail.openedAt))}</dd>
        <dt>{t('cases.dueOn')}</dt>
        <dd data-testid="case-due-on">
          {detail.dueOn} ({t('cases.workingDays', { count: detail.workingDays })})
        </dd>
        <dt>{t('cases.statusFilter')}</dt>
        <dd data-testid="case-status">
          <CaseStatusTag c={detail} />
        </dd>
      </dl>
      <p className="hint">{t('cases.immutable')}</p>

      {mayChange && (
        <div className="case-actions">
          {next && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void send({ status: next }, t('cases.moved', { status: t(`cases.status.${next}`) }))}
              data-testid="case-next"
            >
              {t(`cases.moveTo.${next}`)}
            </button>
          )}
          <form className="case-note" onSubmit={submitNote} data-testid="case-note-form">
            <label>
              {t('cases.owner')}
              <input value={owner} maxLength={64} onChange={(e) => setOwner(e.target.value)} data-testid="case-owner" />
            </label>
            <label>
              {t('cases.note')}
              <textarea
                value={note}
                maxLength={CASE_NOTE_MAX}
                rows={3}
                onChange={(e) => setNote(e.target.value)}
                data-testid="case-note"
              />
            </label>
            <button type="submit" className="btn" disabled={busy} data-testid="case-save">
              {t('cases.save')}
            </button>
          </form>
        </div>
      )}

      <h2>{t('cases.history')}</h2>
      <ol className="case-history" data-testid="case-history">
        <li>
          {when.format(new Date(detail.openedAt))} · {t('cases.opened')}
        </li>
        {detail.events.map((e, i) => (
          <li key={i}>
            {when.format(new Date(e.at))} · {e.actor} ·{' '}
            {e.kind === 'status'
              ? t('cases.event.status', { status: t(`cases.status.${e.status ?? 'open'}`) })
              : e.kind === 'owner'
                ? t('cases.event.owner', { owner: e.owner || '—' })
                : t('cases.event.note')}
            {e.kind === 'note' && <blockquote>{e.note}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
