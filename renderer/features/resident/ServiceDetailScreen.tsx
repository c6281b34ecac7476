/** One service in plain words: what it is, what to bring, when and where — and "take a number". */
import { useTranslation } from 'react-i18next';
import type { CategoryId } from '#protocol/categories.ts';
import { givesNumbersToday, isOpenAt, nextOpening } from '#protocol/schedule.ts';
import { priorityOffered } from '#protocol/station-policy.ts';
import { stationClock } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { ServiceDetailView } from '#renderer/components/ServiceDetailView.tsx';
import { formatNextOpening } from '#renderer/components/schedule-text.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { useTakeNumber } from './useTakeNumber.ts';
import { useWaitEstimate } from './useWaitEstimate.ts';
import { WaitLine } from './WaitLine.tsx';

export function ServiceDetailScreen({ serviceId, categoryId }: { serviceId: string; categoryId: CategoryId }) {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { station, services } = useKiosk();
  const nav = useNavigation();
  const service = services.find((s) => s.id === serviceId);
  const { state, take: takeNumber } = useTakeNumber(service);
  // The wait for a number taken now (a regular one: the priority step comes after).
  const estimate = useWaitEstimate(service?.ticket ? { queue: service.queue, priority: false } : null);
  if (!service) return <p className="lead">{t('ticket.notFound')}</p>;

  const queue = station.queues.find((q) => q.letter === service.queue);
  const location = pick(queue?.location, lang);
  const { isoWeekday, minute } = stationClock(Date.now(), station.utcOffsetMinutes);
  const openNow = isOpenAt(service.schedule, isoWeekday, minute);
  // A number for a day the service is not offered could never be served. Staff can
  // still issue one at the counter (IssueDialog); the rules accept both (ticket-rules.ts).
  const offeredToday = givesNumbersToday(service.schedule, isoWeekday, minute);
  const next = nextOpening(service.schedule, isoWeekday, minute);

  // Where the station offers the priority lane, the resident answers its one step first (PriorityScreen).
  const take = () =>
    priorityOffered(station) ? nav.go({ screen: 'priority', categoryId, serviceId }) : void takeNumber(false, estimate);

  return (
    <ServiceDetailView
      service={service}
      lang={lang}
      location={location}
      openNow={openNow}
      offeredToday={offeredToday}
      nextOpening={next ? t('detail.nextOpening', { when: formatNextOpening(next, t) }) : t('detail.noOpening')}
      action={
        <>
          {service.ticket && !offeredToday ? (
            // No number here today (when it is next stands under "when"): the way on is another service.
            <BigButton variant="primary" onClick={nav.back} data-testid="closed-back">
              {t('detail.otherServices')}
            </BigButton>
          ) : service.ticket ? (
            <>
              <WaitLine estimate={estimate} />
              <BigButton
                variant="primary"
                className="take-number"
                onClick={take}
                data-testid="take-number"
                aria-busy={state === 'taking'}
              >
                {state === 'taking' ? t('ticket.taking') : t('detail.take')}
              </BigButton>
            </>
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
        </>
      }
    />
  );
}
