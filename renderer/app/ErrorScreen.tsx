/**
 * What a resident sees when something breaks: a calm, large message and a way to
 * get help. The cause goes to the log (and is shown small for the technician).
 */
import { useTranslation } from 'react-i18next';
import { BigButton } from '#renderer/components/BigButton.tsx';

export function ErrorScreen({ detail, onRetry }: { detail: string; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <main className="error-screen" role="alert" data-testid="error-screen">
      <h1>{t('error.title')}</h1>
      <p className="lead">{t('error.body')}</p>
      <BigButton variant="primary" onClick={onRetry}>
        {t('error.retry')}
      </BigButton>
      <p className="technical">{detail}</p>
    </main>
  );
}
