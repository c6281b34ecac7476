/**
 * Whether the display's board is live. A display enrolled as its own device gets
 * the queue through its own sync with the district (or the station hub): while that
 * is not connected, nothing new can arrive, so the board must say so instead of
 * looking live. A display that is a second window of a kiosk or counter reads that
 * device's own replica (no sync of its own): its data source is local and always there.
 */
import type { SyncConnection } from '#client/status.ts';

export type FeedState = 'live' | 'reconnecting';

export function feedState(hasOwnSync: boolean, connection: SyncConnection): FeedState {
  if (!hasOwnSync) return 'live';
  return connection === 'online' || connection === 'standalone' ? 'live' : 'reconnecting';
}
