/**
 * The estimated wait for a ticket on screen, or for one about to be taken, worked
 * out on this device from the station's own tickets (offline too): the same rule
 * (wait-estimate.ts) and inputs (wait-inputs.ts) as the phone page.
 *
 * The estimate plays the day forward many times, so it runs after the screen has
 * painted (the number must never wait for it), again when a ticket of the day
 * changes, and at least every minute. Service times are re-read every 10 minutes
 * (one read shared by every screen: wait-facts.ts).
 */
import { useEffect, useState } from 'react';
import type { WaitQuery, WaitEstimate, ServiceSample } from '#protocol/wait-estimate.ts';
import { estimateWait } from '#protocol/wait-estimate.ts';
import { waitQueryFor } from '#protocol/wait-inputs.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { useNow } from '#renderer/db/useNow.ts';
import { dayTickets$, recentServicesShared } from '#renderer/db/wait-facts.ts';
import { createLogger } from '#renderer/app/logger.ts';

const log = createLogger('resident/wait');
const SERVICES_REFRESH_MS = 10 * 60_000;

/** `target` as in WaitQuery; `day` is the ticket's day (default: the station's today). Null until worked out. */
export function useWaitEstimate(target: WaitQuery['target'] | null, day?: string): WaitEstimate | null {
  const { db, station } = useKiosk();
  const now = useNow(60_000);
  const today = day ?? stationDay(now, station.utcOffsetMinutes);
  const tickets = useLiveQuery(() => dayTickets$(db, today), [db, today], null);
  const servicesAt = Math.floor(now / SERVICES_REFRESH_MS);
  const [samples, setSamples] = useState<ServiceSample[] | null>(null);
  useEffect(() => {
    let live = true;
    recentServicesShared(db, Date.now(), station.utcOffsetMinutes).then(
      (s) => live && setSamples(s),
      (error: unknown) => log.error('could not read recent services', error),
    );
    return () => {
      live = false;
    };
  }, [db, station.utcOffsetMinutes, servicesAt]);

  const [estimate, setEstimate] = useState<WaitEstimate | null>(null);
  const key = target && ('id' in target ? `id:${target.id}` : `new:${target.queue}:${target.priority}`);
  useEffect(() => {
    if (!target || !tickets || !samples) return;
    // After paint: a timer, not the render, does the simulation.
    const timer = setTimeout(() => {
      const query = waitQueryFor({
        target,
        counters: station.counters ?? [],
        dayTickets: tickets,
        samples,
        policy: stationCallPolicy(station),
        now: Date.now(),
      });
      setEstimate(estimateWait(query));
    }, 0);
    return () => clearTimeout(timer);
    // `target` is described by `key`.
  }, [key, tickets, samples, station, now]);
  return estimate;
}
