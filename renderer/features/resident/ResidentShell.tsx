/**
 * The frame around every resident screen: the same header (station, clock), the same
 * control bar (read aloud, large text, language) and the same footer (home, back,
 * needs, and help always bottom-right, WCAG 3.2.6) on every screen. In landscape the
 * control bar sits in the header row; in portrait it moves down above the footer, so
 * every control is in the lower two-thirds, within reach from a wheelchair
 * (styles.css places it). The screen itself scrolls between them, with a large
 * "more below" cue whenever something does not fit.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useActivityReport } from '#renderer/app/activity.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { stopSpeaking } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { useNow } from '#renderer/db/useNow.ts';
import { Icon } from '#renderer/components/Icon.tsx';
import { ScrollArea } from '#renderer/components/ScrollArea.tsx';
import { HelpButton } from './HelpButton.tsx';
import { IdleGuard } from './IdleGuard.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { applyLargeText, setLargeText, useLargeText } from './large-text.ts';
import { LargeTextButton } from './LargeTextButton.tsx';
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
  const largeText = useLargeText();
  useActivityReport(nav.route.screen, { openTicketFlow: !onHome, staffSignedIn: false });

  // Counts idle resets: the next resident starts with no help request of the last one on screen.
  const [visit, setVisit] = useState(0);
  const reset = useCallback(() => {
    stopSpeaking();
    setVisit((v) => v + 1);
    nav.home();
    setLargeText(false);
    void i18n.changeLanguage(config.defaultLang);
  }, [nav, i18n, config.defaultLang]);

  // Large text belongs to the resident's screens only: on while this shell shows and the resident chose it.
  useEffect(() => {
    applyLargeText();
    return () => applyLargeText(false);
  }, []);

  // Leaving a screen stops reading the old one.
  useEffect(() => stopSpeaking, [nav.route]);
  return (
    <div className={`shell screen-${nav.route.screen}`}>
      <div className="shell-top shell-chrome">
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
        </header>
        <div className="shell-controls" data-testid="shell-controls">
          <ReadAloudButton />
          <LargeTextButton />
          <LanguageSwitch />
        </div>
      </div>
      <ScrollArea
        as="main"
        frameClassName="shell-body"
        className="shell-main"
        // A new screen opens at its top; the scroll position of the last one means nothing here.
        key={JSON.stringify(nav.route)}
        data-testid={`screen-${nav.route.screen}`}
      >
        {children}
      </ScrollArea>
      <footer className="shell-footer shell-chrome">
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
        active={!onHome || lang !== config.defaultLang || largeText}
        onReset={reset}
      />
    </div>
  );
}
