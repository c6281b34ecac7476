/**
 * Tells the device what the screen is doing — on every change and once a minute —
 * so an update is never installed in the middle of a resident's ticket.
 */
import { useEffect } from 'react';
import { getPlatform } from '#renderer/platform/platform.ts';

let lastInteractionAt: number | null = null;
if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', () => (lastInteractionAt = Date.now()), { capture: true, passive: true });
}

export function useActivityReport(
  activeScreen: string,
  { openTicketFlow, staffSignedIn }: { openTicketFlow: boolean; staffSignedIn: boolean },
): void {
  useEffect(() => {
    const send = () => {
      // Reporting is best effort: a missing report only makes the scheduler wait for the night.
      void getPlatform()
        .invoke('station:activity', { activeScreen, openTicketFlow, staffSignedIn, lastInteractionAt })
        .catch(() => undefined);
    };
    send();
    const timer = setInterval(send, 60_000);
    return () => clearInterval(timer);
  }, [activeScreen, openTicketFlow, staffSignedIn]);
}
