/**
 * The counter's working screen: the ticket in hand with the actions its status
 * allows, the waiting queues, residents asking for help, and the day's numbers.
 * Every action goes through the lifecycle state machine and names who did it.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actionsFrom, canApplyTo, type TicketAction } from '#protocol/ticket-lifecycle.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { PriorityMark } from '#renderer/components/PriorityMark.tsx';
import { ScrollArea } from '#renderer/components/ScrollArea.tsx';
import { actOnTicket, rateTicket } from '#renderer/db/ticket-actions.ts';
import { useNow } from '#renderer/db/useNow.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { LanguageSwitch } from '#renderer/features/resident/LanguageSwitch.tsx';
import { HelpRequests } from './HelpRequests.tsx';
import { SyncDetail } from './SyncDetail.tsx';
import { BookingDialog } from './BookingDialog.tsx';
import { IssueDialog } from './IssueDialog.tsx';
import { callingOrder, nextForCounter, ticketsInHand, waitingByQueue } from './queue-board.ts';
import { RatingPanel } from './RatingPanel.tsx';
import type { StaffSession } from './SignIn.tsx';
import { actionErrorText } from './staff-errors.ts';
import { StillCalledDialog, type StillCalledChoice } from './StillCalledDialog.tsx';
import { SummaryDialog } from './SummaryDialog.tsx';
import { useTodayTickets } from './use-today-tickets.ts';

type Act = Exclude<TicketAction, 'issue'>;

const log = createLogger('staff/board');

export function StaffBoard({ session, onSignOut }: { session: StaffSession; onSignOut(): void }) {
  const { t } = useTranslation(['staff', 'resident']);
  const lang = useLang();
  const { db, station, services } = useKiosk();
  const tickets = useTodayTickets();
  const [error, setError] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [dialog, setDialog] = useState<'issue' | 'summary' | 'booking' | null>(null);
  const [rating, setRating] = useState<TicketDoc | null>(null);
  // A call asked for while a ticket of this counter is still called: 'next', or the ticket chosen.
  const [pendingCall, setPendingCall] = useState<'next' | TicketDoc | null>(null);
  const now = useNow(30_000);

  const counter = station.counters?.find((c) => c.id === session.counterId);
  const counterQueues = useMemo(() => counter?.queues ?? [], [counter]);
  const policy = stationCallPolicy(station);
  const serviceName = (id: string) => pick(services.find((s) => s.id === id)?.name, lang);
  const queueName = (letter: string) => pick(station.queues.find((q) => q.letter === letter)?.name, lang);
  // The ticket on the card is the latest this counter called or is serving; any
  // others it still holds are listed under it.
  const [current, ...held] = ticketsInHand(tickets, session.counterId);
  const stillCalled = [current, ...held].find((tk) => tk?.status === 'called');
  // The station's call-order rule picks the next ticket; the fairness minutes count on the clock of this render.
  const next = nextForCounter(tickets, { id: session.counterId, queues: counterQueues }, policy, now);
  const groups = waitingByQueue(tickets);
  const queueOrder = [
    ...counterQueues,
    ...station.queues.map((q) => q.letter).filter((l) => !counterQueues.includes(l)),
  ];
  const closed = tickets
    .filter((tk) => tk.status === 'no_show' || tk.status === 'cancelled')
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));

  const act = async (
    ticket: TicketDoc,
    action: Act,
    extra: { queue?: string; rate?: boolean } = {},
  ): Promise<boolean> => {
    const { rate = true, ...target } = extra;
    const result = await actOnTicket(db, ticket.id, action, {
      at: Date.now(),
      by: session.staffId,
      // A transfer's counter is the counter it goes to; this counter only sends it on.
      ...(action === 'transfer' ? {} : { counter: session.counterId }),
      ...target,
    });
    if (!result.ok) {
      log.warn(`${action} ${ticket.number} refused: ${result.error.message}`);
      setError(actionErrorText(t, result.error, action, ticket.number));
      return false;
    }
    setError(null);
    setTransferring(false);
    if (action === 'finish' && rate) setRating(result.ticket);
    return true;
  };

  /** Calls `target`, first asking what happened to a ticket this counter still has called. */
  const requestCall = (target: 'next' | TicketDoc) => {
    if (stillCalled) setPendingCall(target);
    else if (target !== 'next') void act(target, 'call');
    else if (next) void act(next, 'call');
  };

  const resolvePendingCall = async (choice: StillCalledChoice) => {
    const target = pendingCall === 'next' ? next : pendingCall;
    setPendingCall(null);
    if (choice === 'back' || !stillCalled) return;
    let settled = true;
    if (choice === 'no_show') settled = await act(stillCalled, 'no_show');
    // Served already (staff forgot to tap): it is recorded as done; the resident has gone, so no rating.
    if (choice === 'done')
      settled = (await act(stillCalled, 'start')) && (await act(stillCalled, 'finish', { rate: false }));
    if (settled && target) await act(target, 'call');
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
          {(station.appointmentSlots?.length ?? 0) > 0 && (
            <BigButton variant="plain" onClick={() => setDialog('booking')} data-testid="open-booking">
              {t('staff:booking.open')}
            </BigButton>
          )}
          <BigButton variant="plain" onClick={() => setDialog('summary')} data-testid="open-summary">
            {t('staff:board.summary')}
          </BigButton>
          <LanguageSwitch />
          <BigButton variant="secondary" onClick={onSignOut} data-testid="sign-out">
            {t('staff:board.signOut')}
          </BigButton>
        </div>
      </header>
      <ScrollArea as="main" frameClassName="staff-body" className="staff-main" data-testid="screen-staff-board">
        <section className="staff-current" aria-labelledby="current-title">
          <h2 id="current-title">{t('staff:board.current')}</h2>
          {current ? (
            <div className="current-card" data-testid="current-ticket" data-status={current.status}>
              <p className="current-number">
                {current.number}
                {current.priority && <PriorityMark label={t('staff:board.priority')} />}
              </p>
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
            onClick={() => requestCall('next')}
            data-testid="call-next"
          >
            {next
              ? `${t('staff:board.callNext')} · ${next.number}${next.priority ? ` · ${t('staff:board.priority')}` : ''}`
              : t('staff:board.nobodyWaiting')}
          </BigButton>
          {error && (
            <p className="error-text" role="alert" data-testid="staff-error">
              {error}
            </p>
          )}
          {held.length > 0 && (
            <div className="staff-held" data-testid="held-tickets">
              <h3>{t('staff:board.held')}</h3>
              <ul>
                {held.map((tk) => (
                  <li key={tk.id} className="staff-ticket" data-testid={`held-${tk.number}`}>
                    <span className="staff-ticket-number">{tk.number}</span>
                    <span>{t(`staff:status.${tk.status}`)}</span>
                    {actionsFrom(tk.status)
                      .filter((a) => a === 'recall' || a === 'start' || a === 'no_show' || a === 'finish')
                      .map((a) => (
                        <BigButton
                          key={a}
                          variant="plain"
                          onClick={() => void act(tk, a)}
                          data-testid={`held-${tk.number}-${a}`}
                        >
                          {t(`staff:action.${a}`)}
                        </BigButton>
                      ))}
                  </li>
                ))}
              </ul>
            </div>
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
                    <li
                      key={tk.id}
                      className="staff-ticket"
                      data-testid={`waiting-${tk.number}`}
                      data-priority={tk.priority}
                    >
                      <span className="staff-ticket-number">{tk.number}</span>
                      {tk.priority && <PriorityMark label={t('staff:board.priority')} />}
                      {tk.slotAt !== undefined && (
                        // Called at its slot (call-order.ts): staff see when.
                        <span className="staff-ticket-appointment" data-testid="appointment-mark">
                          {t('staff:booking.mark', {
                            time: formatStationTime(tk.slotAt, station.utcOffsetMinutes),
                          })}
                        </span>
                      )}
                      <span className="staff-ticket-service">{serviceName(tk.serviceId)}</span>
                      <span className="staff-ticket-wait">
                        {t('staff:board.waitedMinutes', { count: minutesWaited(tk) })} ·{' '}
                        {t(`staff:channel.${tk.channel}`)}
                      </span>
                      <BigButton variant="plain" onClick={() => requestCall(tk)} data-testid={`call-${tk.number}`}>
                        {t('staff:board.callThis')}
                      </BigButton>
                      {(['upgrade', 'downgrade'] as const)
                        .filter((a) => canApplyTo(tk, a))
                        .map((a) => (
                          <BigButton
                            key={a}
                            variant="plain"
                            onClick={() => void act(tk, a)}
                            data-testid={`${a}-${tk.number}`}
                          >
                            {t(`staff:board.${a}`)}
                          </BigButton>
                        ))}
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
        <aside className="staff-side">
          <HelpRequests session={session} />
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
      </ScrollArea>
      {dialog === 'issue' && <IssueDialog staffId={session.staffId} onClose={() => setDialog(null)} />}
      {dialog === 'booking' && <BookingDialog staffId={session.staffId} onClose={() => setDialog(null)} />}
      {dialog === 'summary' && <SummaryDialog tickets={tickets} onClose={() => setDialog(null)} />}
      {pendingCall && stillCalled && (
        <StillCalledDialog ticket={stillCalled} onChoose={(choice) => void resolvePendingCall(choice)} />
      )}
    </div>
  );
}
