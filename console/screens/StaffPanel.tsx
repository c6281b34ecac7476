/**
 * A station's staff: add, edit (name, the counters they may sign in at: none
 * ticked means every counter), reset a PIN (shown this once), disable. The
 * staff list is part of the station's document, so counters learn of every
 * change through replication and check PINs offline.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import type { StationDetail } from '#console/app/types.ts';
import { DEFAULT_LANG, isLang, type Lang } from '#protocol/languages.ts';

type Counter = NonNullable<NonNullable<StationDetail['doc']>['counters']>[number];

/** One checkbox per counter of the station; none ticked: every counter. */
function CounterChoice({
  counters,
  value,
  lang,
  testId,
  onChange,
}: {
  counters: readonly Counter[];
  value: readonly string[];
  lang: Lang;
  testId: string;
  onChange(next: string[]): void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="days counter-choice" data-testid={testId}>
      <legend>{t('staff.counters')}</legend>
      {counters.map((c) => (
        <label key={c.id} className="day">
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) =>
              onChange(
                // Kept in the station's order, whatever order they were ticked in.
                counters.map((x) => x.id).filter((id) => (id === c.id ? e.target.checked : value.includes(id))),
              )
            }
            data-testid={`${testId}-${c.id}`}
          />
          {c.name[lang] || c.id}
        </label>
      ))}
      <p className="hint full">{t('staff.countersHint')}</p>
    </fieldset>
  );
}

interface PinShown {
  name: string;
  pin: string;
}

export function StaffPanel({
  station,
  canEdit,
  onChanged,
}: {
  station: StationDetail;
  canEdit: boolean;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [counterIds, setCounterIds] = useState<string[]>([]);
  const [pinShown, setPinShown] = useState<PinShown | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string; counters: string[] } | null>(null);
  const base = `/stations/${encodeURIComponent(station.id)}/staff`;
  const staff = station.doc?.staff ?? [];
  const counters = station.doc?.counters ?? [];
  const counterNames = (ids: readonly string[] | undefined) =>
    ids?.length
      ? new Intl.ListFormat(lang, { type: 'conjunction' }).format(
          ids.map((cid) => counters.find((c) => c.id === cid)?.name[lang] ?? cid),
        )
      : t('staff.anyCounter');

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      onChanged();
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e, t) });
    }
  };

  const add = () =>
    run(async () => {
      const r = await api.post<{ member: { name: string }; pin: string }>(base, {
        id: id.trim(),
        name: name.trim(),
        counters: counterIds,
      });
      setPinShown({ name: r.member.name, pin: r.pin });
      setNotice(null);
      setId('');
      setName('');
      setCounterIds([]);
    });

  const reset = (memberId: string) =>
    run(async () => {
      const r = await api.post<{ member: { name: string }; pin: string }>(
        `${base}/${encodeURIComponent(memberId)}/pin`,
      );
      setPinShown({ name: r.member.name, pin: r.pin });
    });

  const disable = (memberId: string, memberName: string) => {
    if (!window.confirm(t('staff.confirmDisable', { name: memberName }))) return;
    void run(async () => {
      await api.delete(`${base}/${encodeURIComponent(memberId)}`);
      setNotice({ kind: 'ok', text: t('staff.disabled', { name: memberName }) });
    });
  };

  const save = () =>
    editing &&
    run(async () => {
      await api.put(`${base}/${encodeURIComponent(editing.id)}`, {
        name: editing.name.trim(),
        counters: editing.counters,
      });
      setEditing(null);
    });

  return (
    <div data-testid="staff-panel">
      {notice && <Notice kind={notice.kind} text={notice.text} />}
      {pinShown && (
        <div className="pin-once" role="status" data-testid="pin-shown">
          <p>{t('staff.pinFor', { name: pinShown.name })}</p>
          <p className="code" data-testid="pin-value">
            {pinShown.pin}
          </p>
          <p className="hint">{t('staff.pinOnce')}</p>
          <button type="button" className="btn" onClick={() => setPinShown(null)} data-testid="pin-done">
            {t('staff.pinNoted')}
          </button>
        </div>
      )}
      <table className="list" data-testid="staff-list">
        <thead>
          <tr>
            <th scope="col">{t('staff.id')}</th>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('staff.counters')}</th>
            {canEdit && <th scope="col">{t('staff.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {staff.map((m) => (
            <tr key={m.id} data-testid={`staff-${m.id}`}>
              <td>{m.id}</td>
              <td>
                {editing?.id === m.id ? (
                  <label>
                    <span className="visually-hidden">{t('staff.name')}</span>
                    <input
                      value={editing.name}
                      maxLength={40}
                      onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                      data-testid="edit-name"
                    />
                  </label>
                ) : (
                  m.name
                )}
              </td>
              <td data-testid="staff-counters">
                {editing?.id === m.id ? (
                  <CounterChoice
                    counters={counters}
                    value={editing.counters}
                    lang={lang}
                    testId="edit-counters"
                    onChange={(next) => setEditing({ ...editing, counters: next })}
                  />
                ) : (
                  counterNames(m.counters)
                )}
              </td>
              {canEdit && (
                <td>
                  <div className="row-actions">
                    {editing?.id === m.id ? (
                      <button type="button" className="btn" onClick={() => void save()} data-testid="edit-save">
                        {t('staff.save')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="btn"
                        onClick={() => setEditing({ id: m.id, name: m.name, counters: [...(m.counters ?? [])] })}
                        data-testid="edit"
                      >
                        {t('staff.edit')}
                      </button>
                    )}
                    <button type="button" className="btn" onClick={() => void reset(m.id)} data-testid="reset-pin">
                      {t('staff.resetPin')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger"
                      onClick={() => disable(m.id, m.name)}
                      data-testid="disable"
                    >
                      {t('staff.disable')}
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {staff.length === 0 && <p className="muted">{t('staff.none')}</p>}
      {canEdit && (
        <form
          className="row-fields add-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h2 className="full">{t('staff.addTitle')}</h2>
          <label>
            {t('staff.id')}
            <input
              value={id}
              pattern="[A-Za-z0-9_\-]{1,32}"
              required
              onChange={(e) => setId(e.target.value)}
              data-testid="staff-id"
            />
          </label>
          <label>
            {t('staff.name')}
            <input
              value={name}
              maxLength={40}
              required
              onChange={(e) => setName(e.target.value)}
              data-testid="staff-name"
            />
          </label>
          {counters.length > 0 && (
            <CounterChoice
              counters={counters}
              value={counterIds}
              lang={lang}
              testId="staff-counters-new"
              onChange={setCounterIds}
            />
          )}
          <button type="submit" className="btn btn-primary" data-testid="staff-add">
            {t('staff.add')}
          </button>
        </form>
      )}
    </div>
  );
}
