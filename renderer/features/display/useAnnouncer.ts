/**
 * Announces each new call (chime, then the text twice) through the announcement
 * queue, and tells the screen what is being announced.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { StationSync } from '#client/station-endpoint.ts';
import type { SyncConnection } from '#client/status.ts';
import type { Lang } from '#protocol/languages.ts';
import { createLogger } from '#renderer/app/logger.ts';
import { appVoice } from '#renderer/voice/app-voice.ts';
import { AnnouncementQueue, type QueueState } from './announcement-queue.ts';
import type { DisplayCall } from './call-board.ts';
import { createWebPlayer } from './web-player.ts';

const log = createLogger('display/announcer');

const IDLE: QueueState<DisplayCall> = { playing: null, pending: [], spoken: [] };
const noStore = { subscribe: () => () => undefined, getState: () => IDLE };

export function useAnnouncer(
  calls: readonly DisplayCall[],
  speechLang: Lang,
  sync: StationSync | null,
): QueueState<DisplayCall> {
  const [queue, setQueue] = useState<AnnouncementQueue<DisplayCall> | null>(null);

  // Created in an effect, not during render, so a remount (StrictMode in
  // development) disposes one queue and builds a fresh one instead of keeping a dead one.
  useEffect(() => {
    const player = createWebPlayer(speechLang);
    // The first call of the day should not wait for the offline voice to load.
    appVoice().warmUp(speechLang);
    const q = new AnnouncementQueue<DisplayCall>({
      player,
      onError: (error) => log.warn('an announcement sound failed; the queue carries on', error),
    });
    setQueue(q);
    return () => {
      q.dispose();
      player.close();
    };
  }, [speechLang]);

  useEffect(() => {
    queue?.offer(calls);
  }, [queue, calls]);

  // After an outage the district sends every call made meanwhile; reading them all
  // out would announce people who have long gone to their counter.
  useEffect(() => {
    if (!queue || !sync) return;
    let last: SyncConnection | null = null;
    const sub = sync.status$.subscribe((status) => {
      if (status.connection === 'online' && last !== null && last !== 'online') queue.catchUp();
      last = status.connection;
    });
    return () => sub.unsubscribe();
  }, [queue, sync]);

  const store = queue ?? noStore;
  return useSyncExternalStore(store.subscribe, store.getState);
}
