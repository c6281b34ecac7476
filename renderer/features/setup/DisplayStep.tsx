/**
 * Which screen shows the called numbers. The device lists its screens (Electron:
 * every connected screen; the browser host: only the one the page is on).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayInfo } from '#ipc/contract.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { callDevice } from '#renderer/platform/platform.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { explainError, type ShownError } from './setup-errors.ts';

/** The browser host's one screen (electron/services/display-choice.ts THIS_SCREEN) has a name in every language. */
const THIS_SCREEN_ID = 'this-screen';

export function DisplayStep({
  initial,
  onDone,
  doneLabel,
}: {
  initial: string | null;
  onDone(): void;
  doneLabel: string;
}) {
  const { t } = useTranslation('setup');
  const [displays, setDisplays] = useState<DisplayInfo[]>([]);
  const [chosen, setChosen] = useState<string | null>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    callDevice('displays:list', null).then(setDisplays, (e: unknown) => setError(explainError(t, e)));
  }, [t]);

  const save = async () => {
    setBusy(true);
    try {
      await callDevice('displays:choose', { id: chosen });
      onDone();
    } catch (e) {
      setError(explainError(t, e));
      setBusy(false);
    }
  };

  return (
    <section className="setup-card" data-testid="setup-display">
      <h2>{t('display.title')}</h2>
      <fieldset className="setup-choice">
        <legend>{t('display.lead')}</legend>
        {displays.map((d) => (
          <BigButton
            key={d.id}
            variant="plain"
            aria-pressed={chosen === d.id}
            data-testid={`setup-display-${d.id}`}
            onClick={() => setChosen(d.id)}
          >
            {d.id === THIS_SCREEN_ID ? t('display.thisScreen') : d.label}
            {d.primary ? ` ${t('display.primary')}` : ''}
          </BigButton>
        ))}
        <BigButton
          variant="plain"
          aria-pressed={chosen === null}
          data-testid="setup-display-none"
          onClick={() => setChosen(null)}
        >
          {t('display.none')}
        </BigButton>
      </fieldset>
      {error && <ErrorNote error={error} testId="setup-display-error" />}
      <div className="setup-actions">
        <BigButton variant="primary" data-testid="setup-next" disabled={busy} onClick={() => void save()}>
          {doneLabel}
        </BigButton>
      </div>
    </section>
  );
}
