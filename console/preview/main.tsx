/**
 * The kiosk preview page: the kiosk's own stylesheet and detail component, fed
 * by the console frame around it. The take-a-number button is shown as on the
 * kiosk but does nothing here.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { isOpenAt } from '#protocol/schedule.ts';
import { stationClock } from '#protocol/ticket-numbering.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { ServiceDetailView } from '#renderer/components/ServiceDetailView.tsx';
import { createConsoleI18n } from '#console/app/i18n.ts';
import { isPreviewMessage, type PreviewMessage } from './message.ts';
import '#renderer/app/styles.css';
import './preview.css';

const i18n = createConsoleI18n();

function Preview() {
  const [message, setMessage] = useState<PreviewMessage | null>(null);
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || !isPreviewMessage(event.data)) return;
      setMessage(event.data);
      void i18n.changeLanguage(event.data.lang);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  if (!message) return null;
  const { service, station, lang } = message;
  const location = station?.queues.find((q) => q.letter === service.queue)?.location[lang] ?? '';
  const { isoWeekday, minute } = stationClock(Date.now(), station?.utcOffsetMinutes ?? 480);
  const t = i18n.getFixedT(lang, 'resident');
  return (
    <div className="preview-screen" data-testid="preview">
      <ServiceDetailView
        service={service}
        lang={lang}
        location={location}
        openNow={isOpenAt(service.schedule, isoWeekday, minute)}
        action={
          service.ticket ? (
            <BigButton variant="primary" className="take-number" tabIndex={-1}>
              {t('resident:detail.take')}
            </BigButton>
          ) : (
            <p className="notice">{t('resident:detail.noTicket', { location })}</p>
          )
        }
      />
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <Preview />
      </I18nextProvider>
    </StrictMode>,
  );
}
