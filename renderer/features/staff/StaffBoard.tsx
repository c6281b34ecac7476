/**
 * The counter's working screen: the ticket in hand with the actions its status
 * allows, the waiting queues, residents asking for help, and the day's numbers.
 * Every action goes through the lifecycle state machine and names who did it.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actionsFrom, type TicketAction } from '#protocol/ticket-lifecycle.ts';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import type { HelpRequestDoc, TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { actOnTicket, handleHelpRequest, rateTicket } from '#renderer/db/ticket-actions.ts';
import { useNow } from '#renderer/db/useNow.ts';
import { docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { LanguageSwitch } from '#renderer/features/resident/LanguageSwitch.tsx';
import { SyncDetail } from './SyncDetail.tsx';
import { IssueDialog } from './IssueDialog.tsx';
import { callingOrder, nextForCounter, waitingByQueue } from './queue-board.ts';
import { RatingPanel } from './RatingPanel.tsx';
import type { StaffSession } from './SignIn.tsx';
import { actionErrorText } from './staff-errors.ts';
import { SummaryDialog } from './SummaryDialog.tsx';
import { useTodayTickets } from './use-today-tickets.ts';

type Act = Exclude<TicketAction, 'issue'>;

const log = createLogger('staff/board');

function useOpenHelpRequests(): HelpRequestDoc[] {
  const { db } = useKiosk();
  return useLiveQuery(
    () =>
      docsJSON<HelpRequestDoc>(
        db.helpRequests.find({ selector: { status: { $in: ['open', 'acknowledged'] } }, sort: [{ createdAt: 'asc' }] }),
      ),
    [db],
    [],
  );
}

export function StaffBoard({ session, onSignOut }: { session: StaffSession; onSignOut(): void }) {
  const { t } = useTranslation(['staff', 'resident']);
  const lang = useLang();
  const { db, station, services } = useKiosk();
  const tickets = useTodayTickets();
  const help = useOpenHelpRequests();
  const [error, setError] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [dialog, setDialog] = useState<'issue' | 'summary' | null>(null);
  const [rating, setRating] = useState<TicketDoc | null>(null);
  const now = useNow(30_000);

  const counter = station.counters?.find((c) => c.id === session.counterId);
  const counterQueues = useMemo(() => counter?.queues ?? [], [counter]);
  const serviceName = (id: string) => pick(services.find((s) => s.id === id)?.name, lang);
  const queueName = (letter: string) => pick(station.queues.find((q) => q.letter === letter)?.name, lang);
  // The ticket in hand: the latest this counter called or is serving.
  const current = tickets
    .filter((tk) => tk.counter === session.counterId && (tk.status === 'called' || tk.status === 'serving'))
    .sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0))[0];
  const next = nextForCounter(tickets, counterQueues);
  const groups = waitingByQueue(tickets);
  const queueOrder = [
    ...counterQueues,
    ...station.queues.map((q) => q.letter).filter((l) => !counterQueues.includes(l)),
  ];
  const closed = tickets
    .filter((tk) => tk.status === 'no_show' || tk.status === 'cancelled')
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));

  const act = async (ticket: TicketDoc, action: Act, extra: { queue?: string } = {}) => {
    const result = await actOnTicket(db, ticket.id, action, {
      at: Date.now(),
      by: session.staffId,
      counter: session.counterId,
      ...extra,
    });
    if (!result.ok) {
      log.warn(`${action} ${ticket.number} refused: ${result.error.message}`);
      setError(actionErrorText(t, result.error, action, ticket.number));
      return;
    }
    setError(null);
    setTransferring(false);
    if (action === 'finish') setRating(result.ticket);
  };

  if (rating) {
    return (
      <RatingPanel
        ticket={rating}
        onRated={(r) => {
          void rateTicket(db, rating.id, r).then(() => setRating(null));
        }}
        onSkip={() => setRating(null)}
      />
    );
  }

  const minutesWaited = (tk: TicketDoc) => Math.max(0, Math.floor((now - tk.issuedAt) / 60_000));

  return (
    <div className="staff">
      <header className="staff-header">
        <div>
          <strong className="station-name">{pick(station.name, lang)}</strong>
          <div className="staff-who" data-testid="staff-who">
            {pick(counter?.name, lang)} · {session.staffName} · <SyncDetail />
          </div>
        </div>
        <div className="staff-header-actions">
          <BigButton variant="plain" onClick={() => setDialog('issue')} data-testid="open-issue">
            {t('staff:board.issue')}
          </BigButton>
          <BigButton variant="plain" onClick={() => setDialog('summary')} data-testid="open-summary">
            {t('staff:board.summary')}
          </BigButton>
          <LanguageSwitch />
          <BigButton variant="secondary" onClick={onSignOut} data-testid="sign-out">
            {t('staff:board.signOut')}
          </BigButton>
        </div>
      </header>
      <main className="staff-main" data-testid="screen-staff-board">
        <section className="staff-current" aria-labelledby="current-title">
          <h2 id="current-title">{t('staff:board.current')}</h2>
          {current ? (
            <div className="current-card" data-testid="current-ticket" data-status={current.status}>
              <p className="current-number">{current.number}</p>
              <p>{serviceName(current.serviceId)}</p>
              <p className="current-status">
                {t(`staff:status.${current.status}`)} · {t(`staff:channel.${current.channel}`)}
              </p>
              <div className="staff-actions">
                {actionsFrom(current.status)
                  .filter((a) => a !== 'call' && a !== 'reactivate')
                  .map((a) => (
                    <BigButton
                      key={a}
                      variant={a === 'start' || a === 'finish' ? 'primary' : 'plain'}
                      onClick={() => (a === 'transfer' ? setTransferring(true) : void act(current, a))}
                      data-testid={`action-${a}`}
                    >
                      {t(`staff:action.${a}`)}
                    </BigButton>
                  ))}
              </div>
              {transferring && (
                <div className="staff-transfer" role="group" aria-label={t('staff:board.transferTo')}>
                  <h3>{t('staff:board.transferTo')}</h3>
                  {station.queues
                    .filter((q) => q.letter !== current.queue)
                    .map((q) => (
                      <BigButton
                        key={q.letter}
                        variant="plain"
                        onClick={() => void act(current, 'transfer', { queue: q.letter })}
                        data-testid={`transfer-${q.letter}`}
                      >
                        {q.letter} · {pick(q.name, lang)}
                      </BigButton>
                    ))}
                </div>
              )}
            </div>
          ) : (
            <p className="lead">{t('staff:board.noCurrent')}</p>
          )}
          <BigButton
            variant="primary"
            className="call-next"
            disabled={!next}
            onClick={() => next && void act(next, 'call')}
            data-testid="call-next"
          >
            {next ? `${t('staff:board.callNext')} · ${next.number}` : t('staff:board.nobodyWaiting')}
          </BigButton>
          {error && (
            <p className="error-text" role="alert" data-testid="staff-error">
              {error}
            </p>
          )}
        </section>
        <section className="staff-queues" aria-labelledby="queues-title">
          <h2 id="queues-title">{t('staff:board.waiting')}</h2>
          {queueOrder.map((letter) => {
            const waiting = groups.get(letter) ?? [];
            if (waiting.length === 0 && !counterQueues.includes(letter)) return null;
            return (
              <div key={letter} className="staff-queue" data-testid={`queue-${letter}`}>
                <h3>
                  {letter} · {queueName(letter)} ({waiting.length})
                </h3>
                <ul>
                  {callingOrder(waiting).map((tk) => (
                    <li key={tk.id} className="staff-ticket" data-testid={`waiting-${tk.number}`}>
                      <span className="staff-ticket-number">{tk.number}</span>
                      <span className="staff-ticket-service">{serviceName(tk.serviceId)}</span>
                      <span className="staff-ticket-wait">
                        {t('staff:board.waitedMinutes', { count: minutesWaited(tk) })} ·{' '}
                        {t(`staff:channel.${tk.channel}`)}
                      </span>
                      <BigButton variant="plain" onClick={() => void act(tk, 'call')} data-testid={`call-${tk.number}`}>
                        {t('staff:board.callThis')}
                      </BigButton>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
        <aside className="staff-side">
          <section aria-labelledby="help-title">
            <h2 id="help-title">{t('staff:help.title')}</h2>
            {help.length === 0 && <p>{t('staff:help.none')}</p>}
            <ul>
              {help.map((h) => (
                <li key={h.id} className="staff-help" data-testid="help-request" data-status={h.status}>
                  <span>
                    {t('staff:help.from', {
                      screen: h.screen,
                      time: formatStationTime(h.createdAt, station.utcOffsetMinutes),
                    })}
                  </span>
                  {h.status === 'open' ? (
                    <BigButton
                      variant="plain"
                      onClick={() => void handleHelpRequest(db, h.id, 'acknowledged', session.staffId)}
                      data-testid="help-going"
                    >
                      {t('staff:help.going')}
                    </BigButton>
                  ) : (
                    <span>{t('staff:help.acknowledged')}</span>
                  )}
                  <BigButton
                    variant="plain"
                    onClick={() => void handleHelpRequest(db, h.id, 'closed', session.staffId)}
                    data-testid="help-close"
                  >
                    {t('staff:help.close')}
                  </BigButton>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="recent-title">
            <h2 id="recent-title">{t('staff:board.recent')}</h2>
            <ul>
              {closed.slice(0, 8).map((tk) => (
                <li key={tk.id} className="staff-ticket" data-testid={`closed-${tk.number}`}>
                  <span className="staff-ticket-number">{tk.number}</span>
                  <span>{t(`staff:status.${tk.status}`)}</span>
                  <BigButton
                    variant="plain"
                    onClick={() => void act(tk, 'reactivate')}
                    data-testid={`reactivate-${tk.number}`}
                  >
                    {t('staff:action.reactivate')}
                  </BigButton>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </main>
      {dialog === 'issue' && <IssueDialog staffId={session.staffId} onClose={() => setDialog(null)} />}
      {dialog === 'summary' && <SummaryDialog tickets={tickets} onClose={() => setDialog(null)} />}
    </div>
  );
}
