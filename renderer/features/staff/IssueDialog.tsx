/** Staff issue a ticket on behalf of a resident (walk-up, phone call, assisted service) and print it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_IDS, type CategoryId } from '#protocol/categories.ts';
import type { TicketChannel } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';
import { issueTicket } from '#renderer/db/tickets.ts';
import { peopleAheadNow } from '#renderer/db/wait-facts.ts';
import { printTicket, type PrintOutcome } from '#renderer/app/print.ts';
import { createLogger } from '#renderer/app/logger.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { printFailureText } from './staff-errors.ts';

const log = createLogger('staff/issue');

const CHANNELS: TicketChannel[] = ['walk_up', 'phone', 'assisted'];

export function IssueDialog({ staffId, onClose }: { staffId: string; onClose(): void }) {
  const { t } = useTranslation(['staff', 'resident']);
  const lang = useLang();
  const { db, config, station, services } = useKiosk();
  const [channel, setChannel] = useState<TicketChannel>('walk_up');
  // Staff decide who goes in the priority lane at the counter, whatever the kiosk offers.
  const [priority, setPriority] = useState(false);
  const [category, setCategory] = useState<CategoryId>('government');
  const [issued, setIssued] = useState<{ ticket: TicketDoc; print: PrintOutcome } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const issue = async (serviceId: string) => {
    const service = services.find((s) => s.id === serviceId);
    if (!service) return;
    try {
      const ticket = await issueTicket(db, {
        service,
        station,
        device: config,
        lang,
        channel,
        by: staffId,
        priority,
      });
      const peopleAhead = await peopleAheadNow(db, station, ticket);
      setIssued({ ticket, print: await printTicket({ ticket, service, station, lang, peopleAhead }) });
    } catch (e) {
      log.error('could not issue a ticket for a resident', e);
      setError(t('staff:error.issue_failed'));
    }
  };

  if (issued) {
    const { ticket, print } = issued;
    return (
      <Dialog
        title={t('staff:issue.done', { number: ticket.number })}
        testId="issue-done"
        actions={
          <BigButton variant="primary" onClick={onClose} data-testid="issue-close">
            {t('staff:issue.close')}
          </BigButton>
        }
      >
        <p className="ticket-number small" data-testid="issued-number">
          {ticket.number}
        </p>
        <p role="status" data-testid="print-outcome" data-ok={print.ok}>
          {print.ok
            ? t('staff:print.ok', { number: ticket.number })
            : print.code === 'no_printer'
              ? t('staff:print.noPrinter', { number: ticket.number })
              : printFailureText(t, print.code, ticket.number)}
        </p>
      </Dialog>
    );
  }

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog staff-issue"
        role="dialog"
        aria-modal="true"
        aria-labelledby="issue-title"
        data-testid="issue-dialog"
      >
        <h2 id="issue-title">{t('staff:issue.title')}</h2>
        <h3>{t('staff:issue.channel')}</h3>
        <div className="staff-row" role="group">
          {CHANNELS.map((c) => (
            <BigButton
              key={c}
              variant="plain"
              aria-pressed={channel === c}
              onClick={() => setChannel(c)}
              data-testid={`channel-${c}`}
            >
              {t(`staff:channel.${c}`)}
            </BigButton>
          ))}
        </div>
        <div className="staff-row" role="group">
          <BigButton
            variant="plain"
            aria-pressed={priority}
            onClick={() => setPriority((p) => !p)}
            data-testid="issue-priority"
          >
            {t('staff:issue.priority')}
          </BigButton>
          <span className="staff-ticket-wait">{t('staff:issue.priorityHint')}</span>
        </div>
        <h3>{t('staff:issue.service')}</h3>
        <div className="staff-row" role="group">
          {CATEGORY_IDS.map((c) => (
            <BigButton
              key={c}
              variant="plain"
              aria-pressed={category === c}
              onClick={() => setCategory(c)}
              data-testid={`issue-category-${c}`}
            >
              {t(`resident:category.${c}.name`)}
            </BigButton>
          ))}
        </div>
        <div className="staff-services">
          {services
            .filter((s) => s.category === category && s.ticket)
            .sort((a, b) => a.order - b.order)
            .map((s) => (
              <BigButton
                key={s.id}
                variant="tile"
                onClick={() => void issue(s.id)}
                data-testid={`issue-service-${s.id}`}
              >
                {pick(s.name, lang)}
              </BigButton>
            ))}
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <BigButton variant="secondary" onClick={onClose}>
            {t('staff:board.cancel')}
          </BigButton>
        </div>
      </div>
    </div>
  );
}
