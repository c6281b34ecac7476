/**
 * The latest activity report from the screen, stamped with the main process's own
 * clock when it arrived, for the update scheduler (never install during a ticket).
 */
import type { ActivityReport } from '#ipc/contract.ts';
import type { StationActivity } from './updates/update-scheduler.ts';

export interface ActivityStore {
  report(report: ActivityReport): void;
  latest(): StationActivity | null;
}

export function createActivityStore(now: () => number = Date.now): ActivityStore {
  let latest: StationActivity | null = null;
  return {
    report: (report) => {
      latest = { ...report, reportedAt: now() };
    },
    latest: () => latest,
  };
}
