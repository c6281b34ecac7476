/** The ticket: the number very large, the service, people ahead, where to go (or wait), what to bring. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDoc } from '#protocol/schemas.ts';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { ticketPlace } from '#protocol/ticket-place.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick, pickList } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { PriorityMark } from '#renderer/components/PriorityMark.tsx';
import { recallIssued } from '#renderer/db/tickets.ts';
import { docJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { peopleAheadNow } from '#renderer/db/wait-facts.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { createLogger } from '#renderer/app/logger.ts';
import { printTicket } from '#renderer/app/print.ts';
import { FollowQr } from './FollowQr.tsx';
import { useWaitEstimate } from './useWaitEstimate.ts';
import { WaitLine } from './WaitLine.tsx';

const log = createLogger('resident/ticket');

export function TicketScreen({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { db, station, services } = useKiosk();
  const nav = useNavigation();
  const ticket = useLiveQuery<TicketDoc | null | undefined>(
    () => docJSON<TicketDoc>(db.tickets.findOne(ticketId)),
    [db, ticketId],
    () => recallIssued(ticketId),
  );
  const waiting = ticket?.status === 'waiting';
  const estimate = useWaitEstimate(waiting && ticket ? { id: ticket.id } : null, ticket?.day);
  // People ahead in call order (wait-estimate.ts peopleAhead: a priority ticket or a due appointment
  // that will be called first is ahead), the count the phone page shows; nobody once it is called.
  const ahead = waiting ? (estimate?.ahead ?? null) : 0;
  const [printFailed, setPrintFailed] = useState(false);
  const justIssued = useRef(recallIssued(ticketId));

  // A ticket just taken here is printed once (not again after a reload). A printer
  // fault never loses the ticket: the number stays on screen, and the resident is told.
  useEffect(() => {
    const issued = justIssued.current;
    justIssued.current = undefined;
    const service = issued && services.find((s) => s.id === issued.serviceId);
    if (!issued || !service) return;
    void (async () => {
      const peopleAhead = await peopleAheadNow(db, station, issued);
      const outcome = await printTicket({ ticket: issued, service, station, lang: issued.lang, peopleAhead });
      if (!outcome.ok && outcome.code !== 'no_printer') {
        log.warn(`ticket ${issued.number} was not printed: ${outcome.code} ${outcome.message}`);
        setPrintFailed(true);
      }
    })();
  }, [db, services, station]);

  if (ticket === null) return <p className="lead">{t('ticket.notFound')}</p>;
  if (ticket === undefined) return null;

  const service = services.find((s) => s.id === ticket.serviceId);
  // Never a counter chosen now: when several counters serve the queue, the display names the one that calls.
  const place = ticketPlace(station, ticket.queue);
  const bring = pickList(service?.bring, lang);
  const time = formatStationTime(ticket.issuedAt, station.utcOffsetMinutes);

  return (
    <section className="ticket">
      <div className="ticket-card">
        <p className="ticket-label">{t('ticket.yourNumber')}</p>
        <p className="ticket-number" data-testid="ticket-number">
          {ticket.number}
        </p>
        {ticket.priority && <PriorityMark label={t('priority.mark')} className="ticket-priority" />}
        <p className="ticket-service" data-testid="ticket-service">
          {pick(service?.name, lang)}
        </p>
        {ticket.slotAt !== undefined ? (
          // An appointment's ticket is called at its slot (call-order.ts), not after the people ahead;
          // one checked in at or after its slot (a late arrival the rule still keeps) is due already.
          <p className="ticket-ahead" data-testid="ticket-appointment">
            {t(ticket.slotAt <= ticket.issuedAt ? 'appointment.ticketTimeDue' : 'appointment.ticketTime', {
              time: formatStationTime(ticket.slotAt, station.utcOffsetMinutes),
            })}
          </p>
        ) : (
          <>
            <p className="ticket-ahead" data-testid="ticket-ahead" aria-live="polite">
              {ahead === null ? t('ticket.aheadUnknown') : t('ticket.ahead', { count: ahead })}
            </p>
            {ticket.status === 'waiting' && <WaitLine estimate={estimate} className="ticket-wait" />}
          </>
        )}
        <p className="ticket-time">{t('ticket.issuedAt', { time })}</p>
        <FollowQr ticketId={ticket.id} />
      </div>
      <div className="ticket-info">
        <h2>
          {t(place.kind === 'go' ? 'ticket.goTo' : place.kind === 'wait' ? 'ticket.waitAt' : 'ticket.watchTitle')}
        </h2>
        {place.kind !== 'watch' && (
          <p className="location" data-testid="ticket-location">
            {pick(place.place, lang)}
          </p>
        )}
        {place.kind !== 'go' && <p data-testid="ticket-watch-screen">{t('ticket.watchScreen')}</p>}
        {bring.length > 0 && (
          <>
            <h2>{t('ticket.bring')}</h2>
            <ul className="bring-list">
              {bring.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </>
        )}
        {printFailed && (
          <p className="notice" role="status" data-testid="print-failed">
            {t('ticket.printFailed')}
          </p>
        )}
        <p>{t('ticket.listen')}</p>
        <BigButton variant="primary" onClick={nav.home} data-testid="ticket-done">
          {t('ticket.done')}
        </BigButton>
      </div>
    </section>
  );
}
