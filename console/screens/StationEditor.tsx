/**
 * Creates or edits a station: names, address, opening hours, queues with where
 * to go, counters and the queues each serves. The server's station rules (the
 * ones devices rely on) run as it is typed and block saving; a saved station
 * reaches its devices through replication.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang, type LocalizedText } from '#protocol/languages.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { api, ApiError } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { FieldProblems, LocalizedField, Notice, ScheduleField, issuesAt } from '#console/app/fields.tsx';
import { useLiveValidation } from '#console/app/live-validation.ts';
import { go, href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import { canChange } from '#protocol/operator-roles.ts';
import type { FieldIssue, StationDetail } from '#console/app/types.ts';
import { AppointmentSlotsFields } from './AppointmentSlotsFields.tsx';
import { CallPolicyFields } from './CallPolicyFields.tsx';

const blank = (): LocalizedText => ({ 'zh-Hans': '', 'zh-Hant': '', en: '' });
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

function newStation(): StationDoc {
  return {
    id: '',
    name: blank(),
    address: blank(),
    // Shanghai; the kiosks count days and opening hours in station time.
    utcOffsetMinutes: 480,
    hours: [{ days: [1, 2, 3, 4, 5, 6], from: '08:30', to: '17:30' }],
    queues: [{ letter: 'A', name: blank(), location: blank() }],
    counters: [],
  };
}

/** A refused save's problems (the server's `path: message` details), to mark at their fields. */
function refusedIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid_station') return [];
  return error.details.map((detail) => {
    const colon = detail.indexOf(': ');
    const path = colon > 0 ? detail.slice(0, colon) : '';
    return { path, code: 'invalid', message: colon > 0 ? detail.slice(colon + 2) : detail };
  });
}

export function StationEditor({ id }: { id?: string }) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [doc, setDoc] = useState<StationDoc | null>(id ? null : newStation());
  const [street, setStreet] = useState(operator.street);
  const [existing, setExisting] = useState<StationDetail | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // What the server refused on save beyond the live checks (e.g. kept staff limited to a removed counter).
  const [refused, setRefused] = useState<FieldIssue[]>([]);

  useEffect(() => {
    if (!id) return;
    api.get<StationDetail>(`/stations/${encodeURIComponent(id)}`).then(
      (s) => {
        setExisting(s);
        setStreet(s.street);
        const { staff: _staff, ...rest } = s.doc ?? { ...newStation(), id: s.id };
        setDoc({ counters: [], ...rest });
      },
      (e: unknown) => setNotice({ kind: 'error', text: errorText(e, t) }),
    );
  }, [id, t]);

  const { issues, checking } = useLiveValidation(
    '/stations/validate',
    useMemo(() => doc && { doc }, [doc]),
  );

  if (!doc) return notice ? <Notice kind={notice.kind} text={notice.text} /> : <p>{t('common.loading')}</p>;
  const canEdit = id ? canChange(operator, existing?.street ?? null) : operator.role === 'admin';
  const update = (patch: Partial<StationDoc>) => {
    setNotice(null);
    setRefused([]);
    setDoc({ ...doc, ...patch });
  };
  const queues = doc.queues;
  const counters = doc.counters ?? [];
  const idProblems = issuesAt(issues, 'id');

  const save = async () => {
    try {
      if (id) await api.put(`/stations/${encodeURIComponent(id)}`, { street, doc });
      else await api.post('/stations', { id: doc.id, street, doc });
      go({ screen: 'station', id: doc.id, tab: 'overview' });
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e, t) });
      setRefused(refusedIssues(e));
    }
  };
  const shown = refused.length ? [...issues, ...refused] : issues;

  return (
    <section className="editor" data-testid="screen-station-edit">
      <p className="crumbs">
        <a href={href({ screen: 'stations' })}>{t('stations.title')}</a> › {id ?? t('stations.new')}
      </p>
      <h1>{id ? doc.name[lang] || id : t('stations.new')}</h1>
      <form className="editor-form wide" aria-busy={checking || undefined} onSubmit={(e) => e.preventDefault()}>
        <fieldset className="row-fields" disabled={!canEdit}>
          <legend>{t('stations.identity')}</legend>
          <label>
            {t('stations.id')}
            <input
              value={doc.id}
              disabled={Boolean(id)}
              onChange={(e) => update({ id: e.target.value.trim() })}
              aria-invalid={idProblems.length > 0 || undefined}
              data-testid="field-id"
            />
            <FieldProblems id="id-problems" issues={idProblems} />
          </label>
          <label>
            {t('stations.street')}
            <input
              value={street}
              disabled={operator.role !== 'admin'}
              onChange={(e) => setStreet(e.target.value)}
              data-testid="field-street"
            />
          </label>
        </fieldset>
        <LocalizedField
          label={t('stations.name')}
          path="name"
          value={doc.name}
          onChange={(name) => update({ name })}
          issues={shown}
          disabled={!canEdit}
        />
        <LocalizedField
          label={t('stations.address')}
          path="address"
          value={doc.address}
          onChange={(address) => update({ address })}
          issues={shown}
          disabled={!canEdit}
        />
        <ScheduleField
          label={t('stations.hours')}
          path="hours"
          value={doc.hours}
          onChange={(hours) => update({ hours })}
          issues={shown}
          disabled={!canEdit}
        />
        <fieldset className="group" disabled={!canEdit}>
          <legend>{t('stations.queues')}</legend>
          <FieldProblems id="queues-problems" issues={shown.filter((i) => i.path === 'queues')} />
          {queues.map((q, i) => (
            <div className="sub-item" key={i} data-testid={`queue-${i}`}>
              <label>
                {t('stations.letter')}
                <select
                  value={q.letter}
                  onChange={(e) =>
                    update({ queues: queues.map((x, j) => (j === i ? { ...x, letter: e.target.value } : x)) })
                  }
                  data-testid={`field-queues-${i}-letter`}
                >
                  {LETTERS.map((l) => (
                    <option key={l} value={l}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
              <LocalizedField
                label={t('stations.queueName')}
                path={`queues.${i}.name`}
                value={q.name}
                onChange={(name) => update({ queues: queues.map((x, j) => (j === i ? { ...x, name } : x)) })}
                issues={shown}
              />
              <LocalizedField
                label={t('stations.location')}
                path={`queues.${i}.location`}
                value={q.location}
                onChange={(location) => update({ queues: queues.map((x, j) => (j === i ? { ...x, location } : x)) })}
                issues={shown}
                hint={t('stations.locationHint')}
              />
              <button
                type="button"
                className="btn btn-quiet"
                disabled={queues.length === 1}
                onClick={() => update({ queues: queues.filter((_, j) => j !== i) })}
              >
                {t('stations.removeQueue')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn"
            disabled={queues.length >= 26}
            onClick={() =>
              update({
                queues: [
                  ...queues,
                  {
                    letter: LETTERS.find((l) => !queues.some((q) => q.letter === l)) ?? 'Z',
                    name: blank(),
                    location: blank(),
                  },
                ],
              })
            }
            data-testid="add-queue"
          >
            {t('stations.addQueue')}
          </button>
        </fieldset>
        <fieldset className="group" disabled={!canEdit}>
          <legend>{t('stations.counters')}</legend>
          <FieldProblems id="counters-problems" issues={shown.filter((i) => i.path === 'counters')} />
          {counters.map((c, i) => {
            const set = (patch: Partial<typeof c>) =>
              update({ counters: counters.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            const problems = issuesAt(shown, `counters.${i}`);
            return (
              <div className="sub-item" key={i} data-testid={`counter-${i}`}>
                <label>
                  {t('stations.counterId')}
                  <input
                    value={c.id}
                    onChange={(e) => set({ id: e.target.value.trim() })}
                    data-testid={`field-counters-${i}-id`}
                  />
                </label>
                <LocalizedField
                  label={t('stations.counterName')}
                  path={`counters.${i}.name`}
                  value={c.name}
                  onChange={(name) => set({ name })}
                  issues={shown}
                />
                <fieldset className="days">
                  <legend>{t('stations.counterQueues')}</legend>
                  {queues.map((q) => (
                    <label key={q.letter} className="day">
                      <input
                        type="checkbox"
                        checked={c.queues.includes(q.letter)}
                        onChange={(e) =>
                          set({
                            queues: e.target.checked
                              ? [...c.queues, q.letter].sort()
                              : c.queues.filter((l) => l !== q.letter),
                          })
                        }
                        data-testid={`field-counters-${i}-queue-${q.letter}`}
                      />
                      {q.letter} · {q.name[lang] || '…'}
                    </label>
                  ))}
                </fieldset>
                <FieldProblems
                  id={`counter-${i}-problems`}
                  issues={problems.filter((p) => p.path === `counters.${i}.queues`)}
                />
                <button
                  type="button"
                  className="btn btn-quiet"
                  onClick={() => update({ counters: counters.filter((_, j) => j !== i) })}
                >
                  {t('stations.removeCounter')}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className="btn"
            onClick={() =>
              update({
                counters: [
                  ...counters,
                  { id: String(counters.length + 1), name: blank(), queues: queues.map((q) => q.letter) },
                ],
              })
            }
            data-testid="add-counter"
          >
            {t('stations.addCounter')}
          </button>
        </fieldset>
        <CallPolicyFields
          doc={doc}
          issues={shown}
          disabled={!canEdit}
          onChange={(callPolicy) => update({ callPolicy })}
        />
        <AppointmentSlotsFields
          doc={doc}
          issues={shown}
          disabled={!canEdit}
          // Undefined (no service left) drops the field from the JSON sent: a station without appointments.
          onChange={(appointmentSlots) => update({ appointmentSlots })}
        />
        {notice && <Notice kind={notice.kind} text={notice.text} />}
        {refused.length > 0 && (
          <ul className="field-problems" data-testid="refused-problems">
            {refused.map((r) => (
              <li key={r.path}>{r.message}</li>
            ))}
          </ul>
        )}
        {canEdit && (
          <div className="actions">
            <span className="muted" aria-live="polite" data-testid="issue-count">
              {checking
                ? t('editor.checking')
                : issues.length
                  ? t('stations.problems', { count: issues.length })
                  : t('stations.ready')}
            </span>
            <button
              type="button"
              className="btn btn-primary"
              disabled={checking || issues.length > 0 || doc.id === ''}
              onClick={() => void save()}
              data-testid="save-station"
            >
              {t('stations.save')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
