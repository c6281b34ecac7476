/**
 * The header's words for a device whose station has a hub (sync/client/station-endpoint.ts):
 * which of the three states the station is in, and how many items still wait to reach
 * the district. One source for the resident, staff and display headers.
 */
import type { TFunction } from 'i18next';
import type { StationSyncStatus } from '#client/station-endpoint.ts';
import type { SyncStatus } from '#client/status.ts';

const LINK_KEY = {
  'all-connected': 'sync.linkAll',
  'station-only': 'sync.linkStation',
  alone: 'sync.linkAlone',
} as const;

/** The status of a device that has a station hub configured, or null (no hub: the district-only words apply). */
export function withHub(status: SyncStatus): StationSyncStatus | null {
  return 'link' in status && (status as StationSyncStatus).hubUrl !== null ? (status as StationSyncStatus) : null;
}

/** "服务站内连通，区平台连不上 · 3 条等待送到区平台". */
export function stationLinkText(t: TFunction, status: StationSyncStatus): string {
  const words = t(`common:${LINK_KEY[status.link]}`);
  const count = status.waitingForDistrict;
  return count > 0 ? `${words} · ${t('common:sync.waitingForDistrict', { count })}` : words;
}
