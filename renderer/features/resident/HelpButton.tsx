/**
 * "Call staff for help": records a help request the counters show (this kiosk, the
 * screen and the service the resident is on), then tells the resident honestly
 * what is happening: first that staff have been told, then — once a staff member
 * taps "I'm going" at a counter — who is coming ("王芳 马上过来").
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpRequestDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { useNavigation, type Route } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';
import type { KioskDatabase } from '#renderer/db/database.ts';
import { recordHelpRequest, type HelpPlace } from '#renderer/db/requests.ts';
import { docJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/help');

/** What the counter needs to know about where the resident is. */
async function placeOf(db: KioskDatabase, route: Route): Promise<Omit<HelpPlace, 'kioskNumber'>> {
  switch (route.screen) {
    case 'services':
      return { screen: route.screen, category: route.categoryId };
    case 'detail':
    case 'priority':
      return { screen: route.screen, category: route.categoryId, serviceId: route.serviceId };
    case 'ticket': {
      const ticket = await db.tickets.findOne(route.ticketId).exec();
      return ticket ? { screen: route.screen, serviceId: ticket.serviceId } : { screen: route.screen };
    }
    default:
      return { screen: route.screen };
  }
}

type Shown = 'open' | 'acknowledged' | 'failed';

export function HelpButton() {
  const { t } = useTranslation();
  const lang = useLang();
  const { db, config } = useKiosk();
  const { route } = useNavigation();
  const [requestId, setRequestId] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  // The state the resident last closed the message in: a later change (someone is coming) shows it again.
  const [dismissed, setDismissed] = useState<Shown | null>(null);
  const request = useLiveQuery<HelpRequestDoc | null>(
    () => (requestId ? docJSON<HelpRequestDoc>(db.helpRequests.findOne(requestId)) : null),
    [db, requestId],
    null,
  );

  const callHelp = async () => {
    try {
      const place = await placeOf(db, route);
      const kioskNumber = config.role === 'kiosk' ? { kioskNumber: config.issuingSlot + 1 } : {};
      const doc = await recordHelpRequest(
        db,
        { stationId: config.stationId, deviceId: config.deviceId, lang },
        { ...place, ...kioskNumber },
      );
      setFailed(false);
      setRequestId(doc.id);
      setDismissed(null);
    } catch (error) {
      log.error('could not record help request', error);
      setFailed(true);
      setDismissed(null);
    }
  };

  const shown: Shown | null = failed
    ? 'failed'
    : request?.status === 'acknowledged'
      ? 'acknowledged'
      : request?.status === 'open' || (requestId && !request)
        ? 'open'
        : null;
  const name = request?.handledByName;

  return (
    <>
      <BigButton variant="help" onClick={() => void callHelp()} data-testid="help">
        <Icon name="bell" />
        {t('help.button')}
      </BigButton>
      {shown && shown !== dismissed && (
        <Dialog
          title={
            shown === 'failed'
              ? t('error.title')
              : shown === 'acknowledged' && name
                ? t('help.comingTitle', { name })
                : t('help.waitingTitle')
          }
          testId="help-dialog"
          actions={
            <BigButton variant="primary" onClick={() => setDismissed(shown)} data-testid="help-ok">
              {t('help.ok')}
            </BigButton>
          }
        >
          <p data-testid="help-status" data-status={shown}>
            {shown === 'failed'
              ? t('help.failed')
              : shown === 'acknowledged' && name
                ? t('help.comingBody', { name })
                : t('help.sentBody')}
          </p>
        </Dialog>
      )}
    </>
  );
}
