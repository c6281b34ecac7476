/** District address, one-time code and role; enrols the device, then reloads so the page sees its new district. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_ROLES, type DeviceRole } from '#ipc/contract.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { callDevice } from '#renderer/platform/platform.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { setResumeStep } from './resume.ts';
import { explainError, type ShownError } from './setup-errors.ts';

export function DistrictStep({ onBack }: { onBack?: () => void }) {
  const { t } = useTranslation('setup');
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [role, setRole] = useState<DeviceRole>('kiosk');
  const [allowHttp, setAllowHttp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const enrol = async () => {
    setBusy(true);
    setError(null);
    try {
      await callDevice('setup:enrol', {
        districtUrl: address,
        code,
        role,
        ...(allowHttp && { allowInsecureHttp: true }),
      });
      setResumeStep('download');
      // A reload, not a state change: the page's security policy and boot must see the new district.
      location.hash = '#setup';
      location.reload();
    } catch (e) {
      setError(explainError(t, e, address.trim()));
      setBusy(false);
    }
  };

  return (
    <section className="setup-card" data-testid="setup-district">
      <h2>{t('district.title')}</h2>
      <p className="lead">{t('district.lead')}</p>
      <div className="setup-row">
        <div className="setup-field setup-grow">
          <label htmlFor="setup-address">{t('district.address')}</label>
          <input
            id="setup-address"
            data-testid="setup-address"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            aria-describedby="setup-address-hint"
          />
          <p className="setup-hint" id="setup-address-hint">
            {t('district.addressHint')}
          </p>
        </div>
        <div className="setup-field setup-grow">
          <label htmlFor="setup-code">{t('district.code')}</label>
          <input
            id="setup-code"
            data-testid="setup-code"
            type="text"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby="setup-code-hint"
          />
          <p className="setup-hint" id="setup-code-hint">
            {t('district.codeHint')}
          </p>
        </div>
      </div>
      <fieldset className="setup-choice">
        <legend>{t('district.role')}</legend>
        {DEVICE_ROLES.map((r) => (
          <BigButton
            key={r}
            variant="plain"
            aria-pressed={role === r}
            data-testid={`setup-role-${r}`}
            onClick={() => setRole(r)}
          >
            {t(`role.${r}`)}
          </BigButton>
        ))}
      </fieldset>
      <div className="setup-field">
        <BigButton
          variant="plain"
          aria-pressed={allowHttp}
          aria-describedby={allowHttp ? 'setup-allow-http-warning' : undefined}
          data-testid="setup-allow-http"
          onClick={() => setAllowHttp(!allowHttp)}
        >
          {t('district.allowHttp')}
        </BigButton>
        {allowHttp && (
          <p className="setup-hint setup-warning" id="setup-allow-http-warning" data-testid="setup-allow-http-warning">
            {t('district.allowHttpWarning')}
          </p>
        )}
      </div>
      {error && <ErrorNote error={error} testId="setup-district-error" />}
      <div className="setup-actions">
        {onBack && <BigButton onClick={onBack}>{t('back')}</BigButton>}
        <BigButton
          variant="primary"
          data-testid="setup-enrol"
          disabled={busy || address.trim() === '' || code.trim() === ''}
          onClick={() => void enrol()}
        >
          {busy ? t('busy') : t('district.enrol')}
        </BigButton>
      </div>
    </section>
  );
}
