/**
 * The frame around every resident screen: the same header (station, clock, language,
 * read aloud) and the same footer (home, back, needs, and help always bottom-right,
 * WCAG 3.2.6) on every screen.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLang } from '#protocol/languages.ts';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useActivityReport } from '#renderer/app/activity.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { stopSpeaking } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { HelpButton } from './HelpButton.tsx';
import { IdleGuard } from './IdleGuard.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ReadAloudButton } from './ReadAloudButton.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

/** The station's wall-clock time, refreshed every few seconds. */
function useStationClock(utcOffsetMinutes: number): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return formatStationTime(now, utcOffsetMinutes);
}

export function ResidentShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { station, config } = useKiosk();
  const nav = useNavigation();
  const clock = useStationClock(station.utcOffsetMinutes);
  const lang = isLang(i18n.language) ? i18n.language : config.defaultLang;
  const onHome = nav.route.screen === 'home';
  useActivityReport(nav.route.screen, { openTicketFlow: !onHome, staffSignedIn: false });

  const reset = useCallback(() => {
    stopSpeaking();
    nav.home();
    void i18n.changeLanguage(config.defaultLang);
  }, [nav, i18n, config.defaultLang]);

  // Leaving a screen stops reading the old one.
  useEffect(() => stopSpeaking, [nav.route]);

  return (
    <div className={`shell screen-${nav.route.screen}`}>
      <header className="shell-header">
        <div className="station">
          <span className="station-name">{pick(station.name, lang)}</span>
          <span className="station-line">
            <span className="clock" aria-label={t('clock', { time: clock })}>
              {clock}
            </span>
            <SyncIndicator />
          </span>
        </div>
        <div className="header-actions">
          <ReadAloudButton />
          <LanguageSwitch />
        </div>
      </header>
      <main className="shell-main" data-testid={`screen-${nav.route.screen}`}>
        {children}
      </main>
      <footer className="shell-footer">
        <div className="footer-nav">
          <BigButton variant="secondary" onClick={nav.home} hidden={onHome} data-testid="nav-home">
            <Icon name="home" />
            {t('nav.home')}
          </BigButton>
          <BigButton variant="secondary" onClick={nav.back} hidden={!nav.canGoBack} data-testid="nav-back">
            <Icon name="back" />
            {t('nav.back')}
          </BigButton>
        </div>
        <BigButton
          variant="secondary"
          onClick={() => nav.go({ screen: 'needs' })}
          disabled={nav.route.screen === 'needs'}
          data-testid="nav-needs"
        >
          <Icon name="pencil" />
          {t('need.button')}
        </BigButton>
        <HelpButton screen={nav.route.screen} />
      </footer>
      <IdleGuard
        idleSeconds={config.idleSeconds}
        warningSeconds={config.idleWarningSeconds}
        active={!onHome || lang !== config.defaultLang}
        onReset={reset}
      />
    </div>
  );
}
