/** The day's summary for the station: tickets per category, waiting and service times, no-shows, ratings. */
import { useTranslation } from 'react-i18next';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { TICKET_STATUSES } from '#protocol/ticket-lifecycle.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';
import { daySummary } from './queue-board.ts';

export function SummaryDialog({ tickets, onClose }: { tickets: TicketDoc[]; onClose(): void }) {
  const { t } = useTranslation(['staff', 'resident']);
  const { services } = useKiosk();
  const s = daySummary(tickets, services);
  const minutes = (v: number | null) =>
    v === null ? t('staff:summary.none') : t('staff:summary.minutes', { value: v.toFixed(1) });
  return (
    <Dialog
      title={t('staff:summary.title')}
      testId="summary"
      actions={
        <BigButton variant="primary" onClick={onClose}>
          {t('staff:summary.close')}
        </BigButton>
      }
    >
      <dl className="summary-grid">
        <dt>{t('staff:summary.total')}</dt>
        <dd data-testid="summary-total">{s.total}</dd>
        {/* One row per status: the rows always add up to the day's total. */}
        {TICKET_STATUSES.map((status) => (
          <div key={status} className="summary-row">
            <dt>{t(`staff:status.${status}`)}</dt>
            <dd data-testid={`summary-${status}`}>{s.byStatus[status]}</dd>
          </div>
        ))}
        <dt>{t('staff:summary.transferred')}</dt>
        <dd data-testid="summary-transferred">{s.transferred}</dd>
        <dt>{t('staff:summary.avgWait')}</dt>
        <dd>{minutes(s.avgWaitMinutes)}</dd>
        <dt>{t('staff:summary.avgService')}</dt>
        <dd>{minutes(s.avgServiceMinutes)}</dd>
        <dt>{t('staff:summary.ratings')}</dt>
        <dd data-testid="summary-ratings">
          {s.avgRating === null
            ? t('staff:summary.none')
            : t('staff:summary.ratingsValue', { count: s.ratings, avg: s.avgRating.toFixed(1) })}
        </dd>
      </dl>
      <h3>{t('staff:summary.byCategory')}</h3>
      <dl className="summary-grid">
        {CATEGORY_IDS.filter((c) => s.byCategory[c]).map((c) => (
          <div key={c} className="summary-row">
            <dt>{t(`resident:category.${c}.name`)}</dt>
            <dd>{s.byCategory[c]}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
