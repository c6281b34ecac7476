/** One service in plain words: what it is, what to bring, when and where — and "take a number". */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOpenAt } from '#protocol/schedule.ts';
import { NumberingError, stationClock } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { pick, pickList } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { issueTicket, rememberIssued } from '#renderer/db/tickets.ts';
import { formatSchedule } from './schedule-text.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/detail');

export function ServiceDetailScreen({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { db, config, station, services } = useKiosk();
  const nav = useNavigation();
  const [state, setState] = useState<'idle' | 'taking' | 'failed' | 'exhausted'>('idle');
  const service = services.find((s) => s.id === serviceId);
  if (!service) return <p className="lead">{t('ticket.notFound')}</p>;

  const queue = station.queues.find((q) => q.letter === service.queue);
  const location = pick(queue?.location, lang);
  const bring = pickList(service.bring, lang);
  const { isoWeekday, minute } = stationClock(Date.now(), station.utcOffsetMinutes);
  const openNow = isOpenAt(service.schedule, isoWeekday, minute);

  const take = async () => {
    if (state === 'taking') return;
    setState('taking');
    try {
      const ticket = await issueTicket(db, {
        service,
        station,
        device: config,
        lang,
      });
      rememberIssued(ticket);
      nav.replace({ screen: 'ticket', ticketId: ticket.id });
    } catch (error) {
      log.error('could not issue a ticket', error);
      setState(error instanceof NumberingError && error.code === 'exhausted' ? 'exhausted' : 'failed');
    }
  };

  return (
    <section className="detail">
      <h1>{pick(service.name, lang)}</h1>
      <p className="lead">{pick(service.summary, lang)}</p>
      <div className="detail-grid">
        <div className="detail-facts">
          <h2>{t('detail.what')}</h2>
          <p>{pick(service.description, lang)}</p>
          <h2>{t('detail.when')}</h2>
          <ul className="plain-list">
            {formatSchedule(service.schedule, t).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {service.scheduleNote && <p>{pick(service.scheduleNote, lang)}</p>}
          <p className={openNow ? 'status-open' : 'status-closed'}>
            {openNow ? t('detail.openNow') : t('detail.closedNow')}
          </p>
        </div>
        <div className="detail-action">
          <h2>{t('detail.bring')}</h2>
          {bring.length ? (
            <ul className="bring-list">
              {bring.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : (
            <p>{t('detail.bringNothing')}</p>
          )}
          <h2>{t('detail.where')}</h2>
          <p className="location">{location}</p>
          {service.ticket ? (
            <BigButton
              variant="primary"
              className="take-number"
              onClick={() => void take()}
              data-testid="take-number"
              aria-busy={state === 'taking'}
            >
              {state === 'taking' ? t('ticket.taking') : t('detail.take')}
            </BigButton>
          ) : (
            <p className="notice" data-testid="no-ticket">
              {t('detail.noTicket', { location })}
            </p>
          )}
          {(state === 'failed' || state === 'exhausted') && (
            <p className="error-text" role="alert">
              {state === 'exhausted' ? t('ticket.exhausted') : t('ticket.failed')}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
