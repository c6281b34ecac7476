/**
 * The calling display: a wall screen, read from across the room. The current call
 * very large ("B001 → 2号窗口"), the calls before it, the station, the time and
 * whether the station is in sync; each new call is chimed and read aloud in the
 * station's language.
 *
 * Nobody touches this screen (it hangs on a wall, often out of reach), so it has no
 * buttons at all, not even a language switch: it shows and speaks the station's
 * language (`defaultLang`), and residents who read another language have it on the
 * kiosk and on their ticket.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNow } from '#renderer/db/useNow.ts';
import { SyncIndicator } from '#renderer/features/resident/SyncIndicator.tsx';
import { boardOf, callsFromTickets, type DisplayCall } from './call-board.ts';
import { useAnnouncer } from './useAnnouncer.ts';
import { useDayTickets } from './useDayTickets.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const HISTORY_SIZE = 6;

export function DisplayApp() {
  const { t, i18n } = useTranslation('display');
  const { db, config, station, sync } = useKiosk();
  const screenLang = useLang();
  // Announcements are in the station's language, whatever the screen shows.
  const speechLang = config.defaultLang;
  // Often enough for an HH:MM clock and for noticing a new day.
  const now = useNow(5_000);
  const day = stationDay(now, station.utcOffsetMinutes);
  const tickets = useDayTickets(db, day);

  const speakT = useMemo(() => i18n.getFixedT(speechLang), [i18n, speechLang]);
  const calls = useMemo(
    () => callsFromTickets(tickets, station, { show: screenLang, speak: speechLang, speakT }),
    [tickets, station, screenLang, speechLang, speakT],
  );
  const queue = useAnnouncer(calls, speechLang, sync);
  const board = boardOf(calls, queue, HISTORY_SIZE);
  const playing = queue.playing;

  return (
    <div className="display" data-testid="screen-display">
      <header className="display-header">
        <h1 className="display-station">{pick(station.name, screenLang)}</h1>
        <div className="display-meta">
          <span className="display-clock" data-testid="display-clock">
            {formatStationTime(now, station.utcOffsetMinutes)}
          </span>
          <SyncIndicator />
        </div>
      </header>
      <main className="display-body">
        <section className="display-current" aria-labelledby="display-current-label">
          <h2 id="display-current-label" className="display-label">
            {t('nowCalling')}
          </h2>
          {board.current ? (
            <CurrentCall call={board.current} goTo={t('goTo')} place={board.current.place ?? t('frontDesk')} />
          ) : (
            <p className="display-empty" data-testid="display-empty">
              {t('noCalls')}
            </p>
          )}
        </section>
        <section className="display-recent" aria-labelledby="display-recent-label">
          <h2 id="display-recent-label">{t('recent')}</h2>
          <ol className="display-history" data-testid="display-history">
            {board.history.map((call) => (
              <li key={call.ticketId} data-number={call.number}>
                <span className="display-history-number">{call.number}</span>
                <span className="display-history-place">{call.place ?? t('frontDesk')}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>
      <footer
        className="display-footer"
        data-testid="display-announcing"
        data-state={playing ? 'announcing' : 'idle'}
        data-number={playing?.number ?? ''}
        // What the queue has asked the voice to say, for tests and diagnostics; no behaviour depends on it.
        data-announced={JSON.stringify(queue.spoken)}
      >
        {playing ? t('announcing', { number: playing.number }) : t('listenHint')}
      </footer>
    </div>
  );
}

/** Roughly how wide a text is, in Latin letters: a Chinese character is about two. */
function textWidth(text: string): number {
  return [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
}

function CurrentCall({ call, goTo, place }: { call: DisplayCall; goTo: string; place: string }) {
  return (
    <div className="display-call" data-call-count={call.callCount}>
      <p className="display-number" data-testid="display-current-number">
        {call.number}
      </p>
      <p className="display-go">
        <span className="display-go-label">{goTo}</span>
        <span className="display-arrow" aria-hidden="true">
          →
        </span>
        {/* A long place ("Legal help room (Floor 2)") is set smaller so it still fits on the screen. */}
        <span
          className={textWidth(place) > 20 ? 'display-place display-place-long' : 'display-place'}
          data-testid="display-current-counter"
        >
          {place}
        </span>
      </p>
    </div>
  );
}
