/**
 * The filter row the console's list and report screens share (reports, 好差评, needs):
 * a search form with a run button, date fields, the street choice an operator may
 * make, and free-text ids. One place, so the screens filter alike and read alike.
 */
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperator } from '#console/app/session.tsx';
import { visibleStreet } from '#protocol/operator-roles.ts';

/** Today's date in this browser's time zone, as a date input's value (YYYY-MM-DD). */
export function todayInput(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** The form around a filter row; its last cell is the run button. */
export function FilterForm({
  testId,
  runTestId,
  busy = false,
  onRun,
  children,
}: {
  testId: string;
  runTestId: string;
  busy?: boolean;
  onRun(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRun();
  };
  return (
    <form className="filters report-filters" role="search" onSubmit={submit} data-testid={testId}>
      {children}
      <div className="report-run">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={runTestId}>
          {busy ? t('common.loading') : t('reports.run')}
        </button>
      </div>
    </form>
  );
}

export function DateField({
  label,
  value,
  onChange,
  required = false,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  required?: boolean;
  testId?: string;
}) {
  return (
    <label>
      {label}
      <input
        type="date"
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/** A choice of one value or all of them ("" means all). */
export function ChoiceField({
  label,
  value,
  onChange,
  options,
  allLabel,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
  /** The "every one" entry's words; absent when a value must be chosen. */
  allLabel?: string;
  testId?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The street to filter by. An operator kept to one street sees only that street
 * (the server applies the same scope); everyone else chooses among the district's.
 */
export function StreetField({
  value,
  onChange,
  streets,
  testId,
}: {
  value: string;
  onChange(value: string): void;
  streets: readonly string[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const ownStreet = visibleStreet(useOperator());
  return (
    <ChoiceField
      label={t('reports.filter.street')}
      value={value}
      onChange={onChange}
      allLabel={ownStreet ?? t('reports.all')}
      options={ownStreet === null ? streets.map((s) => ({ value: s, label: s })) : []}
      testId={testId}
    />
  );
}

/** A station, service or staff id typed in full. */
export function IdField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <input
        value={value}
        placeholder={t('reports.idPlaceholder')}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
