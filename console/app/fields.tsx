/** Form pieces the editors share: a text in three languages side by side, weekly slots, a field's problems. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import type { ScheduleSlot } from '#protocol/schedule.ts';
import type { FieldIssue } from './types.ts';

/** The issues at `path` or inside it. */
export function issuesAt(issues: readonly FieldIssue[], path: string): FieldIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
}

export function FieldProblems({ id, issues }: { id: string; issues: readonly FieldIssue[] }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className="field-problems" id={id} data-testid="field-problem">
      {issues.map((issue) => (
        <li key={`${issue.path}-${issue.code}`}>{t(`issue.${issue.code}`)}</li>
      ))}
    </ul>
  );
}

type Texts = Record<Lang, string>;

/** One text in every language, side by side; a missing translation is marked at its own box. */
export function LocalizedField({
  label,
  path,
  value,
  onChange,
  issues,
  multiline = false,
  disabled = false,
  hint,
}: {
  label: string;
  path: string;
  value: Texts;
  onChange(next: Texts): void;
  issues: readonly FieldIssue[];
  multiline?: boolean;
  disabled?: boolean;
  hint?: string;
}) {
  const { t } = useTranslation();
  const base = useId();
  return (
    <fieldset className="localized" disabled={disabled}>
      <legend>{label}</legend>
      {hint && <p className="hint">{hint}</p>}
      <div className="lang-columns">
        {LANGUAGES.map((lng) => {
          const here = issuesAt(issues, `${path}.${lng}`);
          const id = `${base}-${lng}`;
          const props = {
            id,
            lang: lng,
            value: value[lng],
            'aria-invalid': here.length > 0 || undefined,
            'aria-describedby': here.length ? `${id}-problems` : undefined,
            'data-testid': `field-${path}-${lng}`,
          };
          return (
            <div className="lang-cell" key={lng}>
              <label htmlFor={id}>{t(`lang.${lng}`)}</label>
              {multiline ? (
                <textarea {...props} rows={3} onChange={(e) => onChange({ ...value, [lng]: e.target.value })} />
              ) : (
                <input {...props} type="text" onChange={(e) => onChange({ ...value, [lng]: e.target.value })} />
              )}
              <FieldProblems id={`${id}-problems`} issues={here} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Weekly opening slots: the days and a from–to time each. */
export function ScheduleField({
  label,
  path,
  value,
  onChange,
  issues,
  disabled = false,
}: {
  label: string;
  path: string;
  value: ScheduleSlot[];
  onChange(next: ScheduleSlot[]): void;
  issues: readonly FieldIssue[];
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const base = useId();
  const set = (i: number, slot: ScheduleSlot) => onChange(value.map((s, j) => (j === i ? slot : s)));
  return (
    <fieldset className="schedule" disabled={disabled} data-testid={`field-${path}`}>
      <legend>{label}</legend>
      {value.map((slot, i) => {
        const here = issuesAt(issues, `${path}.${i}`);
        const problems = `${base}-${i}-problems`;
        return (
          <div className="slot" key={i} aria-invalid={here.length > 0 || undefined}>
            <fieldset className="days">
              <legend className="visually-hidden">{t('schedule.days', { n: i + 1 })}</legend>
              {DAYS.map((d) => (
                <label key={d} className="day">
                  <input
                    type="checkbox"
                    checked={slot.days.includes(d)}
                    onChange={(e) =>
                      set(i, {
                        ...slot,
                        days: e.target.checked
                          ? [...slot.days, d].sort((a, b) => a - b)
                          : slot.days.filter((x) => x !== d),
                      })
                    }
                  />
                  {t(`resident:schedule.weekday.${d}`)}
                </label>
              ))}
            </fieldset>
            <label>
              {t('schedule.from')}
              <input
                type="time"
                value={slot.from}
                aria-describedby={here.length ? problems : undefined}
                onChange={(e) => set(i, { ...slot, from: e.target.value })}
                data-testid={`field-${path}-${i}-from`}
              />
            </label>
            <label>
              {t('schedule.to')}
              <input
                type="time"
                value={slot.to}
                aria-describedby={here.length ? problems : undefined}
                onChange={(e) => set(i, { ...slot, to: e.target.value })}
                data-testid={`field-${path}-${i}-to`}
              />
            </label>
            <button type="button" className="btn btn-quiet" onClick={() => onChange(value.filter((_, j) => j !== i))}>
              {t('schedule.remove')}
            </button>
            <FieldProblems id={problems} issues={here} />
          </div>
        );
      })}
      <FieldProblems id={`${base}-all`} issues={issues.filter((i) => i.path === path)} />
      <button
        type="button"
        className="btn"
        onClick={() => onChange([...value, { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }])}
      >
        {t('schedule.add')}
      </button>
    </fieldset>
  );
}

/** "21–40 of 60,000" with previous and next. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset(next: number): void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = new Intl.NumberFormat(i18n.language);
  return (
    <div className="pager">
      <span data-testid="pager-range" aria-live="polite">
        {total === 0
          ? t('list.none')
          : t('list.range', {
              from: fmt.format(offset + 1),
              to: fmt.format(Math.min(offset + limit, total)),
              total: fmt.format(total),
            })}
      </span>
      <button
        type="button"
        className="btn"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t('list.previous')}
      </button>
      <button type="button" className="btn" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        {t('list.next')}
      </button>
    </div>
  );
}

/** A message after an action: success or the server's reason. */
export function Notice({ kind, text }: { kind: 'ok' | 'error'; text: string }) {
  return (
    <p className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${kind}`}>
      {text}
    </p>
  );
}
