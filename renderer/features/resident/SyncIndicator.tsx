/**
 * What residents are told about sync: as little as is true and useful.
 *
 * "已同步", "本机独立运行" or "网络断开" mean nothing to an elderly resident and only
 * worry them; what they need to know is whether they can take a number. So when all is
 * well (in step, connecting, or a station that works on its own by design) they see
 * nothing; when the district cannot be reached they see one calm line saying taking a
 * number is not affected (true: every resident action works offline and is uploaded
 * later). When the district refuses this device (revoked or unknown) its tickets would
 * never reach a counter, so the kiosk says it is paused and sends them to a counter
 * (ResidentApp shows PausedScreen). The detail is for staff (SyncDetail on the counter)
 * and for the technician (diagnostics).
 *
 * The element is always there with the state in data attributes, so the tests and a
 * technician's devtools can read the state without it being shown to residents.
 */
import { useTranslation } from 'react-i18next';
import { credentialRefused } from '#client/status.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useSyncStatus } from '#renderer/app/useSyncStatus.ts';

export function SyncIndicator() {
  const { t } = useTranslation('resident');
  const { sync, config } = useKiosk();
  const status = useSyncStatus();
  // An enrolled device's second window (the calling display) leaves sync to the main
  // window; saying anything there would be a guess, so it says nothing.
  if (!sync && config.districtUrl !== null) return null;
  const text = credentialRefused(status.connection)
    ? t('station.paused')
    : status.connection === 'offline'
      ? t('station.offline')
      : '';
  return (
    <span
      className={`sync-status sync-${status.connection}`}
      data-testid="sync-status"
      data-connection={status.connection}
      data-pending={status.pending}
      role="status"
    >
      {text}
    </span>
  );
}
