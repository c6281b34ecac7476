/**
 * One catalog item in all three languages side by side, checked by the server's
 * own rules as it is typed (each problem at its field), with a live preview of
 * the kiosk's detail screen. Publishing writes it to the district; the stations'
 * kiosks receive it through replication, without a restart.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { DEFAULT_LANG, LANGUAGES, isLang, type Lang, type LocalizedText } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { FieldProblems, LocalizedField, Notice, ScheduleField, issuesAt } from '#console/app/fields.tsx';
import { useLiveValidation } from '#console/app/live-validation.ts';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import { canChange } from '#protocol/operator-roles.ts';
import type { ServiceItem } from '#console/app/types.ts';
import { KioskPreview } from './KioskPreview.tsx';

type Texts = Record<Lang, string>;
const empty = (): Texts => ({ 'zh-Hans': '', 'zh-Hant': '', en: '' });
const isEmpty = (t: Texts) => LANGUAGES.every((l) => t[l].trim() === '');

interface Draft {
  doc: ServiceDoc;
  bring: Texts;
  scheduleNote: Texts;
  department: Texts;
}

function toDraft(doc: ServiceDoc): Draft {
  return {
    doc,
    bring: Object.fromEntries(LANGUAGES.map((l) => [l, doc.bring[l].join('\n')])) as Texts,
    scheduleNote: doc.scheduleNote ? { ...doc.scheduleNote } : empty(),
    department: doc.department ? { ...doc.department } : empty(),
  };
}

/** The document the draft describes; optional texts left empty in every language are left out. */
function fromDraft(d: Draft): ServiceDoc {
  const { scheduleNote: _n, department: _d, ...rest } = d.doc;
  const doc: ServiceDoc = {
    ...rest,
    bring: Object.fromEntries(
      LANGUAGES.map((l) => [
        l,
        d.bring[l]
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      ]),
    ) as ServiceDoc['bring'],
  };
  if (!isEmpty(d.scheduleNote)) doc.scheduleNote = d.scheduleNote as LocalizedText;
  if (!isEmpty(d.department)) doc.department = d.department as LocalizedText;
  return doc;
}

export function ServiceEditor({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const uiLang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [loaded, setLoaded] = useState<(ServiceItem & { station: StationDoc | null }) | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [previewLang, setPreviewLang] = useState<Lang>(uiLang);
  const published = useRef<string>('');

  useEffect(() => {
    api.get<ServiceItem & { station: StationDoc | null }>(`/services/${encodeURIComponent(id)}`).then(
      (item) => {
        setLoaded(item);
        setDraft(toDraft(item.service));
        published.current = JSON.stringify(item.service);
      },
      (error: unknown) => setNotice({ kind: 'error', text: errorText(error, t) }),
    );
  }, [id, t]);

  const doc = useMemo(() => (draft ? fromDraft(draft) : null), [draft]);

  const { issues, checking } = useLiveValidation(
    '/services/validate',
    useMemo(() => doc && { service: doc }, [doc]),
  );

  if (!draft || !doc || !loaded)
    return notice ? <Notice kind={notice.kind} text={notice.text} /> : <p>{t('common.loading')}</p>;

  const canEdit = canChange(operator, loaded.street);
  const changed = JSON.stringify(doc) !== published.current;
  const set = (patch: Partial<Draft>) => {
    setNotice(null);
    setDraft({ ...draft, ...patch });
  };
  const setDoc = (patch: Partial<ServiceDoc>) => set({ doc: { ...draft.doc, ...patch } });
  const queues = loaded.station?.queues ?? [];

  const publish = async () => {
    try {
      await api.put(`/services/${encodeURIComponent(id)}`, { service: doc });
      published.current = JSON.stringify(doc);
      setNotice({ kind: 'ok', text: t('editor.published') });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, t) });
    }
  };

  const queueProblems = issuesAt(issues, 'queue');

  return (
    <section className="editor" data-testid="screen-service">
      <p className="crumbs">
        <a href={href({ screen: 'catalog' })}>{t('catalog.title')}</a> › {doc.id}
      </p>
      <div className="title-row">
        <h1>{doc.name[uiLang] || doc.id}</h1>
        <span className="badge">{doc.stationId === '' ? t('catalog.district') : doc.stationId}</span>
      </div>
      {!canEdit && <Notice kind="ok" text={t('editor.readOnly')} />}
      <div className="editor-layout">
        <form className="editor-form" aria-busy={checking || undefined} onSubmit={(e) => e.preventDefault()}>
          <LocalizedField
            label={t('editor.name')}
            path="name"
            value={doc.name}
            onChange={(name) => setDoc({ name })}
            issues={issues}
            disabled={!canEdit}
          />
          <LocalizedField
            label={t('editor.summary')}
            path="summary"
            value={doc.summary}
            onChange={(summary) => setDoc({ summary })}
            issues={issues}
            disabled={!canEdit}
          />
          <LocalizedField
            label={t('editor.description')}
            path="description"
            value={doc.description}
            onChange={(description) => setDoc({ description })}
            issues={issues}
            multiline
            disabled={!canEdit}
            hint={t('editor.descriptionHint')}
          />
          <LocalizedField
            label={t('editor.bring')}
            path="bring"
            value={draft.bring}
            onChange={(bring) => set({ bring })}
            issues={issues}
            multiline
            disabled={!canEdit}
            hint={t('editor.bringHint')}
          />
          <ScheduleField
            label={t('editor.schedule')}
            path="schedule"
            value={doc.schedule}
            onChange={(schedule) => setDoc({ schedule })}
            issues={issues}
            disabled={!canEdit}
          />
          <LocalizedField
            label={t('editor.scheduleNote')}
            path="scheduleNote"
            value={draft.scheduleNote}
            onChange={(scheduleNote) => set({ scheduleNote })}
            issues={issues}
            disabled={!canEdit}
            hint={t('editor.optional')}
          />
          <LocalizedField
            label={t('editor.department')}
            path="department"
            value={draft.department}
            onChange={(department) => set({ department })}
            issues={issues}
            disabled={!canEdit}
            hint={t('editor.optional')}
          />
          <fieldset className="row-fields" disabled={!canEdit}>
            <legend>{t('editor.settings')}</legend>
            <label>
              {t('catalog.category')}
              <select
                value={doc.category}
                onChange={(e) => setDoc({ category: e.target.value as ServiceDoc['category'] })}
              >
                {CATEGORY_IDS.map((c) => (
                  <option key={c} value={c}>
                    {t(`resident:category.${c}.name`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('catalog.queue')}
              {queues.length ? (
                <select
                  value={doc.queue}
                  onChange={(e) => setDoc({ queue: e.target.value })}
                  aria-invalid={queueProblems.length > 0 || undefined}
                  data-testid="field-queue"
                >
                  {!queues.some((q) => q.letter === doc.queue) && <option value={doc.queue}>{doc.queue}</option>}
                  {queues.map((q) => (
                    <option key={q.letter} value={q.letter}>
                      {q.letter} · {q.name[uiLang]}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  value={doc.queue}
                  maxLength={1}
                  onChange={(e) => setDoc({ queue: e.target.value.toUpperCase() })}
                  data-testid="field-queue"
                />
              )}
              <FieldProblems id="queue-problems" issues={queueProblems} />
            </label>
            <label>
              {t('editor.order')}
              <input
                type="number"
                min={0}
                max={10000}
                value={doc.order}
                onChange={(e) => setDoc({ order: Number(e.target.value) })}
              />
            </label>
            <label className="check">
              <input type="checkbox" checked={doc.ticket} onChange={(e) => setDoc({ ticket: e.target.checked })} />
              {t('editor.ticket')}
            </label>
          </fieldset>
          {notice && <Notice kind={notice.kind} text={notice.text} />}
          {canEdit && (
            <div className="actions">
              <span className="muted" aria-live="polite" data-testid="issue-count">
                {checking
                  ? t('editor.checking')
                  : issues.length
                    ? t('editor.problems', { count: issues.length })
                    : t('editor.ready')}
              </span>
              <button
                type="button"
                className="btn btn-primary"
                disabled={checking || issues.length > 0 || !changed}
                onClick={() => void publish()}
                data-testid="publish"
              >
                {t('editor.publish')}
              </button>
            </div>
          )}
        </form>
        <aside className="preview-pane" aria-label={t('editor.preview')}>
          <div className="preview-head">
            <h2>{t('editor.preview')}</h2>
            <div role="group" aria-label={t('editor.previewLanguage')} className="segmented">
              {LANGUAGES.map((l) => (
                <button
                  type="button"
                  key={l}
                  aria-pressed={previewLang === l}
                  onClick={() => setPreviewLang(l)}
                  data-testid={`preview-${l}`}
                >
                  {t(`lang.${l}`)}
                </button>
              ))}
            </div>
          </div>
          <KioskPreview service={doc} station={loaded.station} lang={previewLang} />
        </aside>
      </div>
    </section>
  );
}
