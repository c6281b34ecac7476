/**
 * What the kiosk's wait estimate (wait-estimate.ts) reads from the local replica:
 * the station's tickets of one day, live, and the recent finished services. Both
 * are in every kiosk's replica, so the estimate works offline.
 */
import type { Observable } from 'rxjs';
import type { TicketDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { RECENT_DAYS, type ServiceSample } from '#protocol/wait-estimate.ts';
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
