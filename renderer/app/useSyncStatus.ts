/** This device's sync with the district, live; STANDALONE when it has none. */
import { STANDALONE, type SyncStatus } from '#client/status.ts';
import { useKiosk } from './kiosk-context.tsx';
import { useLiveQuery } from '#renderer/db/useLiveQuery.ts';

export function useSyncStatus(): SyncStatus {
  const { sync } = useKiosk();
  return useLiveQuery<SyncStatus>(() => sync?.status$ ?? null, [sync], STANDALONE);
}
