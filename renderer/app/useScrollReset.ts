/**
 * Every screen opens at its top. The screens of a flow share one scrolling frame
 * (the shell's main area stays mounted while its content changes), so without this
 * a detail screen opened from a list scrolled halfway down opens scrolled past its
 * title.
 */
import { useLayoutEffect, type RefObject } from 'react';

/** Scrolls `frame`, anything scrolled inside it and the page back to the top whenever `screen` changes. */
export function useScrollReset(frame: RefObject<HTMLElement | null>, screen: unknown): void {
  useLayoutEffect(() => {
    const root = frame.current;
    if (!root) return;
    // Inner scroll areas (a long list) may also be reused by the next screen.
    for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) if (el.scrollTop > 0) el.scrollTop = 0;
    const page = document.scrollingElement;
    if (page && page.scrollTop > 0) page.scrollTop = 0;
  }, [frame, screen]);
}
