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
 * A station with a hub is different: whether the station works as one is what everyone
 * in the room needs to know, so the three states are named (all connected / station
 * connected, district unreachable / this device alone) with what waits for the district.
 *
 * The element is always there with the state in data attributes, so the tests and a
 * technician's devtools can read the state without it being shown to residents.
 */
import { useTranslation } from 'react-i18next';
import { credentialRefused } from '#client/status.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useSyncStatus } from '#renderer/app/useSyncStatus.ts';
import { stationLinkText, withHub } from '#renderer/app/station-link-text.ts';

export function SyncIndicator() {
  const { t } = useTranslation('resident');
  const { sync, config } = useKiosk();
  const status = useSyncStatus();
  // An enrolled device's second window (the calling display) leaves sync to the main
  // window; saying anything there would be a guess, so it says nothing.
  if (!sync && config.districtUrl !== null) return null;
  // A station with a hub has three states that matter to everyone in the room (issue 11): say which.
  const hub = withHub(status);
  const text = credentialRefused(status.connection)
    ? t('station.paused')
    : hub && status.connection !== 'connecting'
      ? stationLinkText(t, hub)
      : status.connection === 'offline'
        ? t('station.offline')
        : '';
  return (
    <span
      className={`sync-status sync-${status.connection}`}
      data-testid="sync-status"
      data-connection={status.connection}
      data-link={hub?.link}
      data-waiting={hub?.waitingForDistrict}
      data-pending={status.pending}
      role="status"
    >
      {text}
    </span>
  );
}
