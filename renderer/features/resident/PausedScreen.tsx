/**
 * Shown instead of every resident screen while the district refuses this device
 * (revoked or unknown): a number taken here would never reach a counter, so the
 * kiosk does not give one and sends the resident to a counter instead. Calm words
 * only; the cause and the fix are on the staff counter and in diagnostics.
 */
import { useTranslation } from 'react-i18next';

export function PausedScreen() {
  const { t } = useTranslation('resident');
  return (
    <section className="thanks" data-testid="resident-paused">
      <h1>{t('station.paused')}</h1>
      <p className="lead">{t('station.pausedBody')}</p>
    </section>
  );
}
