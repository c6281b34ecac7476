/** Tells staff, honestly, whether this device is in step with the district, and what is waiting to upload. */
import { useTranslation } from 'react-i18next';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useSyncStatus } from '#renderer/app/useSyncStatus.ts';
import { stationLinkText, withHub } from '#renderer/app/station-link-text.ts';

export function SyncDetail() {
  const { t } = useTranslation();
  const { station, sync, config } = useKiosk();
  const status = useSyncStatus();
  // An enrolled device's second window leaves sync to the main window; saying
  // "standalone" there would be untrue, so it says nothing.
  if (!sync && config.districtUrl !== null) return null;
  let text = '';
  const refused = status.connection === 'revoked' || status.connection === 'unrecognised';
  const hub = withHub(status);
  if (hub && !refused && status.connection !== 'connecting') {
    // Plain words for the three states of a station with a hub, and what still has to reach the district.
    text = stationLinkText(t, hub);
  } else
    switch (status.connection) {
      case 'standalone':
        text = t('sync.standalone');
        break;
      case 'connecting':
        text = t('sync.connecting');
        break;
      case 'online':
        text = status.pending > 0 ? t('sync.uploading', { count: status.pending }) : t('sync.online');
        break;
      case 'offline':
        text = status.pending > 0 ? t('sync.offlinePending', { count: status.pending }) : t('sync.offline');
        if (status.lastSyncedAt !== null)
          text += ` · ${t('sync.lastSynced', { time: formatStationTime(status.lastSyncedAt, station.utcOffsetMinutes) })}`;
        break;
      // Retrying cannot fix these: only a technician enrolling the device again does.
      case 'revoked':
        text = t('sync.revoked');
        break;
      case 'unrecognised':
        text = t('sync.unrecognised');
        break;
    }
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
