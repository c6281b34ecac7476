/**
 * How a service reads on the kiosk's detail screen: what it is, when, what to
 * bring, where to go. Presentational only, so the kiosk and the district
 * console's live preview show an item from the very same component; the caller
 * supplies the action area (the kiosk's "take a number").
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc } from '#protocol/schemas.ts';
import { formatSchedule } from './schedule-text.ts';

interface Props {
  service: ServiceDoc;
  lang: Lang;
  /** Where the service's queue is served, in `lang`. */
  location: string;
  openNow: boolean;
  /** False when the service is not offered again today (the kiosk then gives no number); true when not given. */
  offeredToday?: boolean;
  /** When it is offered next, in plain words; shown under the status when it is not offered today. */
  nextOpening?: string;
  /** The take-a-number button (or, without a ticket, the notice); shown below "where". */
  action: ReactNode;
}

export function ServiceDetailView({
  service,
  lang,
  location,
  openNow,
  offeredToday = true,
  nextOpening,
  action,
}: Props) {
  const { t } = useTranslation('resident');
  const bring = service.bring[lang] ?? [];
  return (
    <section className="detail">
      <h1>{service.name[lang]}</h1>
      <p className="lead">{service.summary[lang]}</p>
      <div className="detail-grid">
        <div className="detail-facts">
          <h2>{t('detail.what')}</h2>
          <p>{service.description[lang]}</p>
          <h2>{t('detail.when')}</h2>
          <ul className="plain-list">
            {formatSchedule(service.schedule, t).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {service.scheduleNote && <p>{service.scheduleNote[lang]}</p>}
          <p className={openNow ? 'status-open' : 'status-closed'} data-testid="detail-status">
            {openNow ? t('detail.openNow') : offeredToday ? t('detail.closedNow') : t('detail.closedToday')}
          </p>
          {!offeredToday && nextOpening && (
            <p className="status-next" data-testid="next-opening">
              {nextOpening}
            </p>
          )}
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
          {action}
        </div>
      </div>
    </section>
  );
}
