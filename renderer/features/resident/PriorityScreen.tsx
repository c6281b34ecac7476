/**
 * The priority lane's one step, before the number is taken, only where the station
 * offers the lane: "我需要优先办理" or "不需要", with who qualifies as the station
 * chose. No proof is asked (staff can downgrade at the counter); either answer takes
 * the number at once, so it costs the resident one tap.
 */
import { useTranslation } from 'react-i18next';
import { qualifierLines, stationCallPolicy } from '#protocol/station-policy.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';
import { useTakeNumber } from './useTakeNumber.ts';
import { useWaitEstimate } from './useWaitEstimate.ts';

export function PriorityScreen({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { station, services } = useKiosk();
  const service = services.find((s) => s.id === serviceId);
  const { state, take } = useTakeNumber(service);
  // The wait for either answer, as the ticket screen will show it the moment the number is taken
  // ("no" is the one the detail screen showed): recorded on the ticket.
  const priorityWait = useWaitEstimate(service ? { queue: service.queue, priority: true } : null);
  const regularWait = useWaitEstimate(service ? { queue: service.queue, priority: false } : null);
  if (!service) return <p className="lead">{t('ticket.notFound')}</p>;
  const who = qualifierLines(stationCallPolicy(station).priority.qualifies);

  return (
    <section className="priority-step">
      <h1>{t('priority.title')}</h1>
      <p className="lead">{pick(service.name, lang)}</p>
      <div className="priority-body">
        <div className="priority-who">
          <h2>{t('priority.who')}</h2>
          <ul className="plain-list" data-testid="priority-who">
            {who.length === 0 ? (
              <li>{t('priority.whoAnyone')}</li>
            ) : (
              who.map((line) => (
                <li key={line.kind}>
                  {line.kind === 'age' ? t('priority.age', { age: line.age }) : t(`priority.${line.kind}`)}
                </li>
              ))
            )}
          </ul>
          <p>{t('priority.noProof')}</p>
        </div>
        <div className="priority-answers">
          <BigButton
            variant="primary"
            className="priority-yes"
            onClick={() => void take(true, priorityWait)}
            aria-busy={state === 'taking'}
            data-testid="priority-yes"
          >
            {t('priority.yes')}
          </BigButton>
          <BigButton
            variant="secondary"
            className="priority-no"
            onClick={() => void take(false, regularWait)}
            aria-busy={state === 'taking'}
            data-testid="priority-no"
          >
            {t('priority.no')}
          </BigButton>
        </div>
      </div>
      {state === 'taking' && <p role="status">{t('ticket.taking')}</p>}
      {(state === 'failed' || state === 'exhausted') && (
        <p className="error-text" role="alert">
          {state === 'exhausted' ? t('ticket.exhausted') : t('ticket.failed')}
        </p>
      )}
    </section>
  );
}
