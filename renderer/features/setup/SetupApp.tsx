/**
 * The technician's screens, behind the technician PIN. A fresh station device
 * runs them as a wizard: PIN → district and code → (reload) catalog download →
 * printer → calling display → done. An enrolled device opens them at `#setup`
 * as a menu: diagnostics, printer, calling display, enrol again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupState } from '#ipc/contract.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { getPlatform } from '#renderer/platform/platform.ts';
import { LanguageSwitch } from '#renderer/features/resident/LanguageSwitch.tsx';
import { DiagnosticsScreen } from './DiagnosticsScreen.tsx';
import { DisplayStep } from './DisplayStep.tsx';
import { DistrictStep } from './DistrictStep.tsx';
import { DownloadStep } from './DownloadStep.tsx';
import { HubStep } from './HubStep.tsx';
import { PinGate } from './PinGate.tsx';
import { PrinterStep } from './PrinterStep.tsx';
import { resumeStep, setResumeStep } from './resume.ts';
import { ScrollArea } from '#renderer/components/ScrollArea.tsx';
import './setup.css';

type Screen = 'menu' | 'district' | 'download' | 'printer' | 'display' | 'done' | 'diagnostics' | 'hub';

/** The wizard's steps, for "step n of m"; the PIN is step 1. */
const WIZARD: readonly Screen[] = ['district', 'download', 'printer', 'display', 'done'];

/** Leaves setup for the kiosk: a reload, so boot starts from the device's new settings. */
function startKiosk(): void {
  setResumeStep(null);
  history.replaceState(null, '', location.pathname + location.search);
  location.reload();
}

export function SetupApp({ initial }: { initial: SetupState }) {
  const { t } = useTranslation('setup');
  // Read once: the wizard stays a wizard after the resume marker is cleared.
  const [resuming] = useState(resumeStep);
  const [wizard] = useState(!initial.enrolled || resuming !== null);
  // Right after enrolment the page reloads; the technician's session is still open, so no second PIN.
  const [unlocked, setUnlocked] = useState(resuming !== null && initial.sessionActive);
  const [screen, setScreen] = useState<Screen>(resuming ?? (wizard ? 'district' : 'menu'));

  const [quitRefused, setQuitRefused] = useState(false);
  const go = (next: Screen) => {
    if (next !== 'download') setResumeStep(null);
    setScreen(next);
  };
  const after = (current: Screen): Screen => (wizard ? (WIZARD[WIZARD.indexOf(current) + 1] ?? 'done') : 'menu');
  const nextLabel = wizard ? t('next') : t('back');
  const step = unlocked ? WIZARD.indexOf(screen) + 2 : 1;

  let body;
  if (!unlocked) body = <PinGate pinConfigured={initial.pinConfigured} onUnlocked={() => setUnlocked(true)} />;
  else if (screen === 'menu') {
    body = (
      <section className="setup-card" data-testid="setup-menu">
        <nav className="setup-menu" aria-label={t('title')}>
          <BigButton variant="tile" data-testid="setup-open-diagnostics" onClick={() => go('diagnostics')}>
            {t('menu.diagnostics')}
          </BigButton>
          <BigButton variant="tile" data-testid="setup-open-printer" onClick={() => go('printer')}>
            {t('menu.printer')}
          </BigButton>
          <BigButton variant="tile" data-testid="setup-open-display" onClick={() => go('display')}>
            {t('menu.display')}
          </BigButton>
          <BigButton variant="tile" data-testid="setup-open-district" onClick={() => go('district')}>
            {t('menu.enrol')}
          </BigButton>
          <BigButton variant="tile" data-testid="setup-open-hub" onClick={() => go('hub')}>
            {t('menu.hub')}
          </BigButton>
        </nav>
        <div className="setup-actions">
          <BigButton variant="primary" data-testid="setup-exit" onClick={startKiosk}>
            {t('menu.exit')}
          </BigButton>
          <BigButton
            variant="secondary"
            data-testid="setup-quit"
            onClick={() =>
              void getPlatform()
                .invoke('app:quit', null)
                .then((r) => setQuitRefused(!r.ok))
            }
          >
            {t('menu.quit')}
          </BigButton>
        </div>
        {quitRefused && (
          <p className="error-text" role="alert" data-testid="setup-quit-refused">
            {t('menu.quitUnavailable')}
          </p>
        )}
      </section>
    );
  } else if (screen === 'district') body = <DistrictStep {...(!wizard && { onBack: () => go('menu') })} />;
  else if (screen === 'download') body = <DownloadStep onDone={() => go(after('download'))} />;
  else if (screen === 'printer') body = <PrinterStep doneLabel={nextLabel} onDone={() => go(after('printer'))} />;
  else if (screen === 'display')
    body = <DisplayStep initial={initial.displayId} doneLabel={nextLabel} onDone={() => go(after('display'))} />;
  else if (screen === 'diagnostics') body = <DiagnosticsScreen onBack={() => go('menu')} />;
  else if (screen === 'hub') body = <HubStep onBack={() => go('menu')} />;
  else {
    body = (
      <section className="setup-card" data-testid="setup-done">
        <h2>{t('done.title')}</h2>
        <p className="lead">{t('done.lead')}</p>
        <div className="setup-actions">
          <BigButton variant="primary" data-testid="setup-start" onClick={startKiosk}>
            {t('done.start')}
          </BigButton>
        </div>
      </section>
    );
  }

  return (
    <div className="setup-shell" data-testid="screen-setup" data-screen={unlocked ? screen : 'pin'}>
      <header className="setup-header">
        <div>
          <h1>{t('title')}</h1>
          {wizard && <p className="setup-step">{t('stepOf', { step, total: WIZARD.length + 1 })}</p>}
        </div>
        <LanguageSwitch />
      </header>
      <ScrollArea as="main" frameClassName="setup-body" className="setup-main">
        {body}
      </ScrollArea>
    </div>
  );
}
