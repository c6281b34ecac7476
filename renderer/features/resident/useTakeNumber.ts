/** Taking a number at the kiosk, once per tap, and showing the ticket: shared by the service screen and the priority step. */
import { useState } from 'react';
import type { ServiceDoc } from '#protocol/schemas.ts';
import type { WaitEstimate } from '#protocol/wait-estimate.ts';
import { NumberingError } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { issueTicket, rememberIssued } from '#renderer/db/tickets.ts';
import { recordedEstimate } from '#renderer/db/wait-facts.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/take');

export type TakeState = 'idle' | 'taking' | 'failed' | 'exhausted';

export function useTakeNumber(service: ServiceDoc | undefined) {
  const { db, config, station } = useKiosk();
  const lang = useLang();
  const nav = useNavigation();
  const [state, setState] = useState<TakeState>('idle');

  /** `shown`: the estimate on screen for this very number when the resident tapped (recorded on the ticket). */
  const take = async (priority: boolean, shown: WaitEstimate | null) => {
    if (state === 'taking' || !service) return;
    setState('taking');
    try {
      const ticket = await issueTicket(db, {
        service,
        station,
        device: config,
        lang,
        priority,
        waitEstimate: recordedEstimate(shown),
      });
      rememberIssued(ticket);
      // Replaces this screen, so "back" from the ticket never takes a second number.
      nav.replace({ screen: 'ticket', ticketId: ticket.id });
    } catch (error) {
      log.error('could not issue a ticket', error);
      setState(error instanceof NumberingError && error.code === 'exhausted' ? 'exhausted' : 'failed');
    }
  };
  return { state, take };
}
