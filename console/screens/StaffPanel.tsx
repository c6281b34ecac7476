/**
 * A station's staff: add, rename, reset a PIN (shown this once), disable. The
 * staff list is part of the station's document, so counters learn of every
 * change through replication and check PINs offline.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import type { StationDetail } from '#console/app/types.ts';

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
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [pinShown, setPinShown] = useState<PinShown | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const base = `/stations/${encodeURIComponent(station.id)}/staff`;
  const staff = station.doc?.staff ?? [];

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
      const r = await api.post<{ member: { name: string }; pin: string }>(base, { id: id.trim(), name: name.trim() });
      setPinShown({ name: r.member.name, pin: r.pin });
      setNotice(null);
      setId('');
      setName('');
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

  const rename = () =>
    editing &&
    run(async () => {
      await api.put(`${base}/${encodeURIComponent(editing.id)}`, { name: editing.name.trim() });
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
                      onChange={(e) => setEditing({ id: m.id, name: e.target.value })}
                    />
                  </label>
                ) : (
                  m.name
                )}
              </td>
              <td>{t('staff.anyCounter')}</td>
              {canEdit && (
                <td>
                  <div className="row-actions">
                    {editing?.id === m.id ? (
                      <button type="button" className="btn" onClick={() => void rename()}>
                        {t('staff.save')}
                      </button>
                    ) : (
                      <button type="button" className="btn" onClick={() => setEditing({ id: m.id, name: m.name })}>
                        {t('staff.rename')}
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
          <button type="submit" className="btn btn-primary" data-testid="staff-add">
            {t('staff.add')}
          </button>
        </form>
      )}
    </div>
  );
}
