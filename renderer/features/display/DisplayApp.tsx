/**
 * The calling display: a wall screen, read from across the room. The current call
 * very large ("B001 → 2号窗口"), the calls before it, the next few numbers of each
 * queue, the station, the time and whether the station is in sync; each new call is
 * chimed and read aloud in the station's language. Priority-lane tickets are marked.
 * When it has lost its data source it says "正在重新连接" across the top, names the
 * big call "the last call received" and hides "coming next", so a stale board never
 * looks live.
 *
 * Nobody touches this screen (it hangs on a wall, often out of reach), so it has no
 * buttons at all, not even a language switch: it shows and speaks the station's
 * language (`defaultLang`), and residents who read another language have it on the
 * kiosk and on their ticket.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useSyncStatus } from '#renderer/app/useSyncStatus.ts';
import { PriorityMark } from '#renderer/components/PriorityMark.tsx';
import { useNow } from '#renderer/db/useNow.ts';
import { SyncIndicator } from '#renderer/features/resident/SyncIndicator.tsx';
import { boardOf, callsFromTickets, type DisplayCall } from './call-board.ts';
import { comingNext } from './coming-next.ts';
import { feedState } from './feed-state.ts';
import { useAnnouncer } from './useAnnouncer.ts';
import { useDayTickets, useWaitingTickets } from './useDayTickets.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const HISTORY_SIZE = 4;
const NEXT_PER_QUEUE = 3;

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
  const waiting = useWaitingTickets(db, day);
  const status = useSyncStatus();
  const feed = feedState(sync !== null, status.connection);
  const upcoming = useMemo(
    () => comingNext([...tickets, ...waiting], station, stationCallPolicy(station), now, NEXT_PER_QUEUE),
    [tickets, waiting, station, now],
  );
  const queueName = (letter: string) => pick(station.queues.find((q) => q.letter === letter)?.name, screenLang);

  const speakT = useMemo(() => i18n.getFixedT(speechLang), [i18n, speechLang]);
  const calls = useMemo(
    () => callsFromTickets(tickets, station, { show: screenLang, speak: speechLang, speakT }),
    [tickets, station, screenLang, speechLang, speakT],
  );
  const queue = useAnnouncer(calls, speechLang, sync);
  const board = boardOf(calls, queue, HISTORY_SIZE);
  const playing = queue.playing;

  return (
    <div className="display" data-testid="screen-display" data-feed={feed}>
      <header className="display-header">
        <h1 className="display-station">{pick(station.name, screenLang)}</h1>
        <div className="display-meta">
          <span className="display-clock" data-testid="display-clock">
            {formatStationTime(now, station.utcOffsetMinutes)}
          </span>
          <SyncIndicator />
        </div>
      </header>
      {feed === 'reconnecting' && (
        <p className="display-reconnecting" role="status" data-testid="display-reconnecting">
          <strong>{t('reconnecting')}</strong>
          <span>
            {status.lastSyncedAt === null
              ? t('staleNever')
              : t('staleSince', { time: formatStationTime(status.lastSyncedAt, station.utcOffsetMinutes) })}
          </span>
        </p>
      )}
      <main className="display-body">
        <section className="display-current" aria-labelledby="display-current-label">
          <h2 id="display-current-label" className="display-label">
            {feed === 'live' ? t('nowCalling') : t('lastCall')}
          </h2>
          {board.current ? (
            <CurrentCall
              call={board.current}
              goTo={t('goTo')}
              place={board.current.place ?? t('frontDesk')}
              priority={t('priority')}
            />
          ) : (
            <p className="display-empty" data-testid="display-empty">
              {t('noCalls')}
            </p>
          )}
        </section>
        <div className="display-side">
          {feed === 'live' && upcoming.length > 0 && (
            <section className="display-next" aria-labelledby="display-next-label" data-testid="display-next">
              <h2 id="display-next-label">{t('comingNext')}</h2>
              <ul className="display-next-list">
                {upcoming.map((row) => (
                  <li key={row.letter} data-queue={row.letter} data-testid={`display-next-${row.letter}`}>
                    <span className="display-next-queue">{queueName(row.letter)}</span>
                    <span className="display-next-numbers">
                      {row.next.map((tk) => (
                        <span key={tk.id} className="display-next-number" data-number={tk.number}>
                          {tk.number}
                          {tk.priority && <PriorityMark label={t('priority')} />}
                        </span>
                      ))}
                      {row.more > 0 && <span className="display-next-more">{t('andMore', { count: row.more })}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="display-recent" aria-labelledby="display-recent-label">
            <h2 id="display-recent-label">{t('recent')}</h2>
            <ol className="display-history" data-testid="display-history">
              {board.history.map((call) => (
                <li key={call.ticketId} data-number={call.number}>
                  <span className="display-history-number">
                    {call.number}
                    {call.priority && <PriorityMark label={t('priority')} />}
                  </span>
                  <span className="display-history-place">{call.place ?? t('frontDesk')}</span>
                </li>
              ))}
            </ol>
          </section>
        </div>
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

function CurrentCall({
  call,
  goTo,
  place,
  priority,
}: {
  call: DisplayCall;
  goTo: string;
  place: string;
  priority: string;
}) {
  return (
    <div className="display-call" data-call-count={call.callCount}>
      <p className="display-number" data-testid="display-current-number">
        {call.number}
      </p>
      {call.priority && <PriorityMark label={priority} className="display-current-priority" />}
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
