/**
 * Residents asking for help, at the counter: which kiosk, on which screen and
 * service, how long ago — with a chime when one comes in. "I'm going" tells the
 * kiosk who is coming; "done" closes the request.
 */
import { useTranslation } from 'react-i18next';
import type { HelpRequestDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { handleHelpRequest } from '#renderer/db/ticket-actions.ts';
import { docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { useNow } from '#renderer/db/useNow.ts';
import { useLang } from '#renderer/i18n/useLang.ts';
import { useHelpChime } from './help-chime.ts';
import type { StaffSession } from './SignIn.tsx';

function useOpenHelpRequests(): HelpRequestDoc[] {
  const { db } = useKiosk();
  return useLiveQuery(
    () =>
      docsJSON<HelpRequestDoc>(
        db.helpRequests.find({ selector: { status: { $in: ['open', 'acknowledged'] } }, sort: [{ createdAt: 'asc' }] }),
      ),
    [db],
    [],
  );
}

export function HelpRequests({ session }: { session: StaffSession }) {
  const { t } = useTranslation(['staff', 'resident']);
  const lang = useLang();
  const { db, services } = useKiosk();
  const help = useOpenHelpRequests();
  const now = useNow(15_000);
  useHelpChime(
    help.filter((h) => h.status === 'open').map((h) => h.id),
    lang,
  );
  const me = { id: session.staffId, name: session.staffName };

  return (
    <section aria-labelledby="help-title">
      <h2 id="help-title">{t('staff:help.title')}</h2>
      {help.length === 0 && <p>{t('staff:help.none')}</p>}
      <ul>
        {help.map((h) => {
          const kiosk =
            h.kioskNumber !== undefined
              ? t('staff:help.kiosk', { number: h.kioskNumber })
              : t('staff:help.kioskUnknown');
          const service = h.serviceId ? pick(services.find((s) => s.id === h.serviceId)?.name, lang) : '';
          const topic = service || (h.category ? t(`resident:category.${h.category}.name`) : '');
          // A device clock ahead of this one must not show "-3 minutes".
          const minutes = Math.max(0, Math.floor((now - h.createdAt) / 60_000));
          return (
            <li key={h.id} className="staff-help" data-testid="help-request" data-status={h.status}>
              <div className="staff-help-what">
                <strong data-testid="help-kiosk">{kiosk}</strong>
                <span data-testid="help-where">
                  {t(`staff:help.screen.${h.screen}`, { defaultValue: h.screen })}
                  {topic && ` · ${topic}`}
                </span>
                <span data-testid="help-ago">{t('staff:help.minutesAgo', { count: minutes })}</span>
              </div>
              {h.status === 'open' ? (
                <BigButton
                  variant="primary"
                  onClick={() => void handleHelpRequest(db, h.id, 'acknowledged', me)}
                  data-testid="help-going"
                >
                  {t('staff:help.going')}
                </BigButton>
              ) : (
                <span data-testid="help-going-by">
                  {h.handledByName ? t('staff:help.goingBy', { name: h.handledByName }) : t('staff:help.acknowledged')}
                </span>
              )}
              <BigButton
                variant="plain"
                onClick={() => void handleHelpRequest(db, h.id, 'closed', me)}
                data-testid="help-close"
              >
                {t('staff:help.close')}
              </BigButton>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
