/**
 * The frame around every resident screen: the same header (station, clock, language,
 * read aloud) and the same footer (home, back, needs, and help always bottom-right,
 * WCAG 3.2.6) on every screen.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useActivityReport } from '#renderer/app/activity.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { useScrollReset } from '#renderer/app/useScrollReset.ts';
import { stopSpeaking } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { useNow } from '#renderer/db/useNow.ts';
import { Icon } from '#renderer/components/Icon.tsx';
import { HelpButton } from './HelpButton.tsx';
import { IdleGuard } from './IdleGuard.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ReadAloudButton } from './ReadAloudButton.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';

export function ResidentShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { station, config } = useKiosk();
  const nav = useNavigation();
  // The station's wall-clock time; a few seconds late is fine for HH:MM.
  const clock = formatStationTime(useNow(5_000), station.utcOffsetMinutes);
  const lang = useLang();
  const onHome = nav.route.screen === 'home';
  useActivityReport(nav.route.screen, { openTicketFlow: !onHome, staffSignedIn: false });

  // Counts idle resets: the next resident starts with no help request of the last one on screen.
  const [visit, setVisit] = useState(0);
  const reset = useCallback(() => {
    stopSpeaking();
    setVisit((v) => v + 1);
    nav.home();
    void i18n.changeLanguage(config.defaultLang);
  }, [nav, i18n, config.defaultLang]);

  // Leaving a screen stops reading the old one.
  useEffect(() => stopSpeaking, [nav.route]);
  const main = useRef<HTMLElement>(null);
  useScrollReset(main, nav.route);

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
      <main className="shell-main" ref={main} data-testid={`screen-${nav.route.screen}`}>
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
        <HelpButton key={visit} />
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
