import { describe, expect, it } from 'vitest';
import { createActivityStore } from '#services/station-activity.ts';
import { decideInstall } from '#services/updates/update-scheduler.ts';

describe('station activity for the update scheduler', () => {
  it('keeps the latest report, stamped with the main clock, and an open ticket flow blocks an install', () => {
    let now = 1000;
    const store = createActivityStore(() => now);
    expect(store.latest()).toBeNull();
    store.report({ activeScreen: 'detail', openTicketFlow: true, staffSignedIn: false, lastInteractionAt: 900 });
    now = 2000;
    store.report({ activeScreen: 'ticket', openTicketFlow: true, staffSignedIn: false, lastInteractionAt: 1900 });
    expect(store.latest()).toMatchObject({ activeScreen: 'ticket', reportedAt: 2000 });
    // A fresh report of a resident mid-ticket blocks an install even at 03:00 station time.
    const night = new Date('2026-11-28T19:00:00Z');
    now = night.getTime();
    store.report({ activeScreen: 'ticket', openTicketFlow: true, staffSignedIn: false, lastInteractionAt: now - 1000 });
    expect(decideInstall({ now: night, updateDownloaded: true, activity: store.latest() }).install).toBe(false);
    store.report({
      activeScreen: 'home',
      openTicketFlow: false,
      staffSignedIn: false,
      lastInteractionAt: now - 30 * 60_000,
    });
    expect(decideInstall({ now: night, updateDownloaded: true, activity: store.latest() }).install).toBe(true);
  });
});
