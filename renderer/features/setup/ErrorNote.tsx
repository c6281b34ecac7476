/** A technician-facing error: the plain sentence large, the device's detail below it. */
import { useTranslation } from 'react-i18next';
import type { ShownError } from './setup-errors.ts';

export function ErrorNote({ error, testId }: { error: ShownError; testId: string }) {
  const { t } = useTranslation('setup');
  return (
    <div className="setup-error" role="alert" data-testid={testId} data-code={error.code}>
      <p className="error-text">{error.text}</p>
      <p className="setup-detail">{t('details', { message: error.detail })}</p>
    </div>
  );
}
