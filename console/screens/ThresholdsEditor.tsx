/** The district's waiting-time bands: a default for every queue, and any queue letter of its own. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { THRESHOLD_MINUTES_MAX, type WaitThreshold } from '#protocol/wait-bands.ts';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';

export function ThresholdsEditor({ thresholds }: { thresholds: WaitThreshold[] }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<WaitThreshold[]>(() =>
    thresholds.length > 0 ? thresholds : [{ queue: '', warningMinutes: 20, criticalMinutes: 40 }],
  );
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const change = (i: number, patch: Partial<WaitThreshold>) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async () => {
    try {
      await api.put('/thresholds', { thresholds: rows });
      setNotice({ kind: 'ok', text: t('thresholds.saved') });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, t) });
    }
  };

  const minutesInput = (i: number, field: 'warningMinutes' | 'criticalMinutes', r: WaitThreshold) => (
    <input
      type="number"
      min={1}
      max={THRESHOLD_MINUTES_MAX}
      value={r[field]}
      onChange={(e) => change(i, { [field]: Number(e.target.value) })}
      aria-label={`${r.queue ? t('thresholds.queueLabel', { queue: r.queue }) : t('thresholds.default')} · ${t(`thresholds.${field}`)}`}
      data-testid={`threshold-${r.queue || 'default'}-${field === 'warningMinutes' ? 'warning' : 'critical'}`}
    />
  );

  return (
    <section className="group thresholds" aria-labelledby="thresholds-title" data-testid="thresholds">
      <h2 id="thresholds-title">{t('thresholds.title')}</h2>
      <p className="hint">{t('thresholds.hint')}</p>
      {notice && <Notice kind={notice.kind} text={notice.text} />}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('thresholds.queue')}</th>
            <th scope="col">{t('thresholds.warningMinutes')}</th>
            <th scope="col">{t('thresholds.criticalMinutes')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('thresholds.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                {r.queue === '' && i === 0 ? (
                  t('thresholds.default')
                ) : (
                  <input
                    value={r.queue}
                    maxLength={1}
                    size={2}
                    onChange={(e) => change(i, { queue: e.target.value.toUpperCase() })}
                    aria-label={t('thresholds.queue')}
                    data-testid={`threshold-queue-${i}`}
                  />
                )}
              </td>
              <td>{minutesInput(i, 'warningMinutes', r)}</td>
              <td>{minutesInput(i, 'criticalMinutes', r)}</td>
              <td>
                {i > 0 && (
                  <button
                    type="button"
                    className="btn btn-quiet"
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  >
                    {t('thresholds.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button
          type="button"
          className="btn"
          onClick={() => setRows([...rows, { queue: '', warningMinutes: 20, criticalMinutes: 40 }])}
          data-testid="threshold-add"
        >
          {t('thresholds.add')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} data-testid="thresholds-save">
          {t('thresholds.save')}
        </button>
      </div>
    </section>
  );
}
