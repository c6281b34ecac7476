/** Where tickets print, saved to the device config, with a test ticket that proves it. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterSetting } from '#ipc/contract.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { callDevice } from '#renderer/platform/platform.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { explainError, type ShownError } from './setup-errors.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

type Kind = PrinterSetting['kind'];
const KINDS: readonly Kind[] = ['network', 'device', 'system', 'none'];
const DEFAULT_PORT = 9100;

/** The address a technician recognises, as the device describes it (printer-config.ts describePrinter). */
function describe(setting: PrinterSetting): string {
  switch (setting.kind) {
    case 'network':
      return `${setting.host}:${setting.port ?? DEFAULT_PORT}`;
    case 'device':
      return setting.path;
    case 'system':
      return setting.name;
    case 'none':
      return '';
  }
}

export function PrinterStep({ onDone, doneLabel }: { onDone(): void; doneLabel: string }) {
  const { t } = useTranslation('setup');
  const lang = useLang();
  const [kind, setKind] = useState<Kind>('network');
  const [host, setHost] = useState('');
  const [port, setPort] = useState(String(DEFAULT_PORT));
  const [path, setPath] = useState('/dev/usb/lp0');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  // Start from what the device has, so changing one field does not wipe the others.
  useEffect(() => {
    void callDevice('config:get', null).then(({ printer }) => {
      setKind(printer.kind);
      if (printer.kind === 'network') {
        setHost(printer.host);
        setPort(String(printer.port ?? DEFAULT_PORT));
      } else if (printer.kind === 'device') setPath(printer.path);
      else if (printer.kind === 'system') setName(printer.name);
    });
  }, []);

  const setting = (): PrinterSetting => {
    switch (kind) {
      case 'network':
        return { kind, host: host.trim(), port: Number(port) };
      case 'device':
        return { kind, path: path.trim() };
      case 'system':
        return { kind, name: name.trim() };
      case 'none':
        return { kind };
    }
  };

  const saveAndTest = async () => {
    const chosen = setting();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      await callDevice('printer:configure', chosen);
      const { printed } = await callDevice('printer:test', { lang });
      setResult(printed ? t('printer.printed', { printer: describe(chosen) }) : t('printer.saved'));
    } catch (e) {
      setError(explainError(t, e, describe(chosen)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="setup-card" data-testid="setup-printer">
      <h2>{t('printer.title')}</h2>
      <fieldset className="setup-choice">
        <legend>{t('printer.lead')}</legend>
        {KINDS.map((k) => (
          <BigButton
            key={k}
            variant="plain"
            aria-pressed={kind === k}
            data-testid={`setup-printer-${k}`}
            onClick={() => setKind(k)}
          >
            {t(`printer.kind.${k}`)}
          </BigButton>
        ))}
      </fieldset>
      {kind === 'network' && (
        <div className="setup-row">
          <div className="setup-field setup-grow">
            <label htmlFor="setup-printer-host">{t('printer.host')}</label>
            <input
              id="setup-printer-host"
              data-testid="setup-printer-host"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={host}
              onChange={(e) => setHost(e.target.value)}
            />
          </div>
          <div className="setup-field">
            <label htmlFor="setup-printer-port">{t('printer.port')}</label>
            <input
              id="setup-printer-port"
              data-testid="setup-printer-port"
              type="text"
              inputMode="numeric"
              className="setup-narrow"
              value={port}
              onChange={(e) => setPort(e.target.value)}
            />
          </div>
        </div>
      )}
      {kind === 'device' && (
        <div className="setup-field">
          <label htmlFor="setup-printer-path">{t('printer.path')}</label>
          <input
            id="setup-printer-path"
            data-testid="setup-printer-path"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
        </div>
      )}
      {kind === 'system' && (
        <div className="setup-field">
          <label htmlFor="setup-printer-name">{t('printer.name')}</label>
          <input
            id="setup-printer-name"
            data-testid="setup-printer-name"
            type="text"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
      )}
      {result && (
        <p className="setup-ok" role="status" data-testid="setup-printer-result">
          {result}
        </p>
      )}
      {error && <ErrorNote error={error} testId="setup-printer-error" />}
      <div className="setup-actions">
        <BigButton
          variant="secondary"
          data-testid="setup-printer-test"
          disabled={busy}
          onClick={() => void saveAndTest()}
        >
          {busy ? t('busy') : kind === 'none' ? t('printer.save') : t('printer.saveTest')}
        </BigButton>
        <BigButton variant="primary" data-testid="setup-next" disabled={busy} onClick={onDone}>
          {doneLabel}
        </BigButton>
      </div>
    </section>
  );
}
