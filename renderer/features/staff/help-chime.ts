/**
 * The counter's chime for a new help request: the calling display's own chime
 * (display/web-player.ts), so the station has one sound for "look at a screen".
 * Only requests the counter has not chimed for yet ring, so a request that stays
 * open does not ring on every change.
 */
import { useEffect, useRef } from 'react';
import type { Lang } from '#protocol/languages.ts';
import { createWebPlayer, type WebPlayer } from '#renderer/features/display/web-player.ts';

/** Which of `openIds` are new since the last call, remembering them; pure, so it is tested without audio. */
export function newSince(seen: Set<string>, openIds: readonly string[]): string[] {
  const fresh = openIds.filter((id) => !seen.has(id));
  for (const id of fresh) seen.add(id);
  return fresh;
}

/** Chimes once for each help request id in `openIds` that was not there before. */
export function useHelpChime(openIds: readonly string[], lang: Lang): void {
  const player = useRef<WebPlayer | null>(null);
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const p = createWebPlayer(lang);
    player.current = p;
    return () => {
      p.close();
      player.current = null;
    };
  }, [lang]);
  const key = openIds.join(',');
  useEffect(() => {
    if (newSince(seen.current, openIds).length > 0) void player.current?.chime();
    // `key` stands for the list's content.
  }, [key]);
}
