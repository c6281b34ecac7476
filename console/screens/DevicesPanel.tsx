/**
 * A station's devices: role, slot, name, enrolled, last seen, app version; an enrolment code
 * for a role and slot, as text and as a QR code; revoking; the writes the district
 * refused from each device.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { DEVICE_ROLES, type DeviceRole } from '#protocol/enrolment.ts';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import type { Device, Refusal, StationDetail } from '#console/app/types.ts';

interface IssuedCode {
  code: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  expiresAt: string;
}

function Refusals({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const [refusals, setRefusals] = useState<Refusal[] | null>(null);
  useEffect(() => {
    api.get<{ refusals: Refusal[] }>(`/devices/${encodeURIComponent(deviceId)}/refusals`).then(
      (r) => setRefusals(r.refusals),
      () => setRefusals([]),
    );
  }, [deviceId]);
  if (!refusals) return null;
  if (refusals.length === 0) return <span className="muted">{t('devices.noRefusals')}</span>;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <details data-testid={`refusals-${deviceId}`}>
      <summary>{t('devices.refusals', { count: refusals.length })}</summary>
      <ul className="refusals">
        {refusals.map((r) => (
          <li key={r.id}>
            {when.format(new Date(r.refusedAt))} · {r.collection}/{r.docId} · <code>{r.rule}</code> — {r.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function DevicesPanel({
  station,
  canEdit,
  onChanged,
}: {
  station: StationDetail;
  canEdit: boolean;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const [role, setRole] = useState<DeviceRole>('kiosk');
  const [slot, setSlot] = useState(0);
  const [slots, setSlots] = useState(1);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const issuing = role !== 'display';

  const issue = async () => {
    try {
      const code = await api.post<IssuedCode>(`/stations/${encodeURIComponent(station.id)}/enrolment-codes`, {
        role,
        ...(issuing ? { issuingSlot: slot, issuingSlots: slots } : {}),
      });
      setIssued(code);
      setQr(await QRCode.toDataURL(code.code, { margin: 2, scale: 6, errorCorrectionLevel: 'M' }));
      setNotice(null);
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e, t) });
    }
  };

  const revoke = async (device: Device) => {
    if (!window.confirm(t('devices.confirmRevoke', { name: device.name || device.id }))) return;
    try {
      await api.post(`/devices/${encodeURIComponent(device.id)}/revoke`);
      setNotice({ kind: 'ok', text: t('devices.revoked', { name: device.name || device.id }) });
      onChanged();
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e, t) });
    }
  };

  return (
    <div data-testid="devices-panel">
      {notice && <Notice kind={notice.kind} text={notice.text} />}
      <table className="list" data-testid="device-list">
        <thead>
          <tr>
            <th scope="col">{t('devices.name')}</th>
            <th scope="col">{t('devices.role')}</th>
            <th scope="col">{t('devices.slot')}</th>
            <th scope="col">{t('devices.enrolled')}</th>
            <th scope="col">{t('devices.lastSeen')}</th>
            <th scope="col">{t('devices.version')}</th>
            <th scope="col">{t('devices.refused')}</th>
            <th scope="col">{t('devices.state')}</th>
          </tr>
        </thead>
        <tbody>
          {station.deviceList.map((d) => (
            <tr key={d.id} data-testid={`device-${d.id}`}>
              <td>
                {d.name || '—'}
                <div className="muted">{d.id}</div>
              </td>
              <td>{t(`devices.roles.${d.role}`)}</td>
              <td>{d.role === 'display' ? '—' : `${d.issuingSlot + 1} / ${d.issuingSlots}`}</td>
              <td className="nowrap">{when.format(new Date(d.enrolledAt))}</td>
              <td className="nowrap">{d.lastSeenAt ? when.format(new Date(d.lastSeenAt)) : t('devices.never')}</td>
              <td data-testid="device-version">{d.appVersion ?? t('devices.versionUnknown')}</td>
              <td>
                <Refusals deviceId={d.id} />
              </td>
              <td>
                {d.revokedAt ? (
                  <span data-testid="device-revoked">
                    {t('devices.revokedAt', { when: when.format(new Date(d.revokedAt)) })}
                  </span>
                ) : canEdit ? (
                  <button type="button" className="btn btn-danger" onClick={() => void revoke(d)} data-testid="revoke">
                    {t('devices.revoke')}
                  </button>
                ) : (
                  t('devices.active')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {station.deviceList.length === 0 && <p className="muted">{t('devices.none')}</p>}
      {canEdit && (
        <form className="enrol-form" onSubmit={(e) => e.preventDefault()}>
          <h2>{t('devices.enrolTitle')}</h2>
          <p className="hint">{t('devices.enrolHint')}</p>
          <div className="row-fields">
            <label>
              {t('devices.role')}
              <select value={role} onChange={(e) => setRole(e.target.value as DeviceRole)} data-testid="code-role">
                {DEVICE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`devices.roles.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {issuing && (
              <>
                <label>
                  {t('devices.slotNumber')}
                  <input
                    type="number"
                    min={1}
                    max={slots}
                    value={slot + 1}
                    onChange={(e) => setSlot(Math.max(0, Number(e.target.value) - 1))}
                    data-testid="code-slot"
                  />
                </label>
                <label>
                  {t('devices.slotCount')}
                  <input
                    type="number"
                    min={1}
                    max={100}
                    value={slots}
                    onChange={(e) => setSlots(Math.max(1, Number(e.target.value)))}
                    data-testid="code-slots"
                  />
                </label>
              </>
            )}
            <button type="button" className="btn btn-primary" onClick={() => void issue()} data-testid="issue-code">
              {t('devices.issue')}
            </button>
          </div>
          {issued && (
            <div className="issued" data-testid="issued-code">
              <div>
                <p>
                  {t('devices.codeFor', {
                    role: t(`devices.roles.${issued.role}`),
                    slot: issued.issuingSlot + 1,
                    slots: issued.issuingSlots,
                  })}
                </p>
                <p className="code" data-testid="code-text">
                  {issued.code}
                </p>
                <p className="hint">{t('devices.codeOnce', { when: when.format(new Date(issued.expiresAt)) })}</p>
              </div>
              {qr && (
                <img
                  src={qr}
                  alt={t('devices.qrAlt', { code: issued.code })}
                  width={200}
                  height={200}
                  data-testid="code-qr"
                />
              )}
            </div>
          )}
        </form>
      )}
    </div>
  );
}
