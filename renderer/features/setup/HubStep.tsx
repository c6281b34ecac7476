/**
 * The station hub in setup (sync/README.md, "Station hub"): on the hub device the
 * technician turns on "this device is the station hub" with the district's hub code;
 * on every other device of the station they type the hub's address, which is kept
 * only once the hub proved it is this station's hub (a stranger is refused in plain words).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceConfig } from '#ipc/contract.ts';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { callDevice } from '#renderer/platform/platform.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { explainError, type ShownError } from './setup-errors.ts';

/** The port the hub listens on, which other devices use with this device's LAN address: the hub's own URL's. */
function listeningPort(hubUrl: string | null): number {
  try {
    return Number(new URL(hubUrl ?? '').port) || DEFAULT_HUB_PORT;
  } catch {
    return DEFAULT_HUB_PORT;
  }
}

export function HubStep({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('setup');
  const [config, setConfig] = useState<DeviceConfig | null>(null);
  const [code, setCode] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);

  const reload = async () => {
    const next = await callDevice('config:get', null);
    setConfig(next);
    if (!next.isHub) setAddress(next.hubUrl ?? '');
  };
  useEffect(() => {
    void reload();
  }, []);

  const act = async (run: () => Promise<unknown>, shownAddress = '') => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await run();
      await reload();
      setSaved(true);
    } catch (e) {
      setError(explainError(t, e, shownAddress));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="setup-card" data-testid="setup-hub" data-is-hub={config?.isHub ?? false}>
      <h2>{t('hub.title')}</h2>
      <p className="lead">{t('hub.lead')}</p>
      <h3>{t('hub.isHub')}</h3>
      {config?.isHub ? (
        <div className="setup-row">
          <p className="setup-grow" data-testid="setup-hub-running">
            {t('hub.isHubOn', { address: config.hubUrl ?? '', port: listeningPort(config.hubUrl) })}
          </p>
          <BigButton
            data-testid="setup-hub-off"
            disabled={busy}
            onClick={() => void act(() => callDevice('hub:turnOff', null))}
          >
            {t('hub.turnOff')}
          </BigButton>
        </div>
      ) : (
        <div className="setup-row">
          <div className="setup-field setup-grow">
            <label htmlFor="setup-hub-code">{t('hub.code')}</label>
            <input
              id="setup-hub-code"
              data-testid="setup-hub-code"
              type="text"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-describedby="setup-hub-code-hint"
            />
            <p className="setup-hint" id="setup-hub-code-hint">
              {t('hub.codeHint')}
            </p>
          </div>
          <BigButton
            data-testid="setup-hub-on"
            disabled={busy || code.trim() === ''}
            onClick={() => void act(() => callDevice('hub:turnOn', { code: code.trim() }))}
          >
            {t('hub.turnOn')}
          </BigButton>
        </div>
      )}
      {config && !config.isHub && (
        <>
          <h3>{t('hub.address')}</h3>
          <div className="setup-row">
            <div className="setup-field setup-grow">
              <label htmlFor="setup-hub-address">{t('hub.address')}</label>
              <input
                id="setup-hub-address"
                data-testid="setup-hub-address"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                aria-describedby="setup-hub-address-hint"
              />
              <p className="setup-hint" id="setup-hub-address-hint">
                {t('hub.addressHint')}
              </p>
            </div>
            <BigButton
              data-testid="setup-hub-check"
              disabled={busy || address.trim() === ''}
              onClick={() => void act(() => callDevice('hub:setAddress', { hubUrl: address.trim() }), address.trim())}
            >
              {busy ? t('busy') : t('hub.check')}
            </BigButton>
            {config.hubUrl && (
              <BigButton
                data-testid="setup-hub-clear"
                disabled={busy}
                onClick={() => void act(() => callDevice('hub:setAddress', { hubUrl: null }))}
              >
                {t('hub.clear')}
              </BigButton>
            )}
          </div>
          <p className="setup-hint" data-testid="setup-hub-current">
            {config.hubUrl ? `${t('hub.address')}: ${config.hubUrl}` : t('hub.none')}
          </p>
        </>
      )}
      {saved && (
        <p className="setup-ok" role="status" data-testid="setup-hub-saved">
          {config?.hubUrl ? t('hub.saved') : t('hub.none')} {t('hub.restart')}
        </p>
      )}
      {error && <ErrorNote error={error} testId="setup-hub-error" />}
      <div className="setup-actions">
        <BigButton onClick={onBack}>{t('back')}</BigButton>
      </div>
    </section>
  );
}
