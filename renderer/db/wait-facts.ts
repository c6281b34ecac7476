/**
 * What the kiosk's wait estimate (wait-estimate.ts) reads from the local replica:
 * the station's tickets of one day, live, and the recent finished services. Both
 * are in every kiosk's replica, so the estimate works offline.
 */
import type { Observable } from 'rxjs';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import {
  peopleAhead,
  RECENT_DAYS,
  type ServiceSample,
  type WaitEstimate,
  type WaitQuery,
} from '#protocol/wait-estimate.ts';
import { waitQueryFor } from '#protocol/wait-inputs.ts';
import type { KioskDatabase } from './database.ts';
import { docsJSON } from './useLiveQuery.ts';

const DAY_MS = 86_400_000;
/** The estimate uses at most 200 services per queue; 2,000 covers every queue of a station. */
const MOST_SERVICES = 2_000;

/** The station's tickets of `day` (any status), live. */
export function dayTickets$(db: KioskDatabase, day: string): Observable<TicketDoc[]> {
  return docsJSON<TicketDoc>(db.tickets.find({ selector: { day } }));
}

/** Service times change slowly: one read serves every screen for this long. */
const SERVICES_FRESH_MS = 10 * 60_000;
const servicesRead = new WeakMap<KioskDatabase, { bucket: number; samples: Promise<ServiceSample[]> }>();

/**
 * recentServices, read once per database and 10-minute window: the detail screen
 * and the ticket screen right after a tap share one read instead of each scanning
 * up to MOST_SERVICES tickets while the number is painted and printed.
 */
export function recentServicesShared(
  db: KioskDatabase,
  now: number,
  utcOffsetMinutes: number,
): Promise<ServiceSample[]> {
  const bucket = Math.floor(now / SERVICES_FRESH_MS);
  const kept = servicesRead.get(db);
  if (kept?.bucket === bucket) return kept.samples;
  const samples = recentServices(db, now, utcOffsetMinutes);
  servicesRead.set(db, { bucket, samples });
  // A failed read is not kept: the next screen asks again.
  samples.catch(() => servicesRead.delete(db));
  return samples;
}

/** Finished services of the last RECENT_DAYS station days, newest days first. */
export async function recentServices(
  db: KioskDatabase,
  now: number,
  utcOffsetMinutes: number,
): Promise<ServiceSample[]> {
  const since = stationDay(now - RECENT_DAYS * DAY_MS, utcOffsetMinutes);
  const docs = await db.tickets
    .find({ selector: { day: { $gte: since }, status: 'done' }, sort: [{ day: 'desc' }], limit: MOST_SERVICES })
    .exec();
  const samples: ServiceSample[] = [];
  for (const d of docs) {
    const { queue, calledAt, startedAt, endedAt } = d.toJSON() as TicketDoc;
    if (startedAt === undefined || endedAt === undefined) continue;
    samples.push({ queue, startedAt, endedAt, ...(calledAt !== undefined && { calledAt }) });
  }
  return samples;
}

/** The estimate's query for `target` from the replica as it is now: `day`'s tickets and the shared recent services. */
export async function waitQueryNow(
  db: KioskDatabase,
  station: StationDoc,
  target: WaitQuery['target'],
  day: string,
  now = Date.now(),
): Promise<WaitQuery> {
  const [tickets, samples] = await Promise.all([
    db.tickets.find({ selector: { day } }).exec(),
    recentServicesShared(db, now, station.utcOffsetMinutes),
  ]);
  return waitQueryFor({
    target,
    counters: station.counters ?? [],
    dayTickets: tickets.map((t) => t.toJSON() as TicketDoc),
    samples,
    policy: stationCallPolicy(station),
    now,
  });
}

/**
 * "About n people ahead" of a ticket of the replica, in call order (peopleAhead in
 * wait-estimate.ts: the count the ticket screen and the phone page show), for the
 * printed ticket.
 */
export async function peopleAheadNow(
  db: KioskDatabase,
  station: StationDoc,
  ticket: Pick<TicketDoc, 'id' | 'day'>,
): Promise<number> {
  return peopleAhead(await waitQueryNow(db, station, { id: ticket.id }, ticket.day));
}

/**
 * The estimate as a ticket records it (`waitEstimate`, read by the district's
 * estimate-error report): only a range in minutes that was shown; absent for
 * "not enough data", "no counter open", or none worked out yet.
 */
export function recordedEstimate(estimate: WaitEstimate | null | undefined): TicketDoc['waitEstimate'] | undefined {
  if (estimate?.kind !== 'estimate') return undefined;
  // The ticket schema's bounds (a day, 10,000 people): beyond them the range is no estimate worth keeping.
  if (estimate.highMinutes > 1440 || estimate.ahead > 10_000) return undefined;
  return { lowMin: estimate.lowMinutes, highMin: estimate.highMinutes, ahead: estimate.ahead };
}
