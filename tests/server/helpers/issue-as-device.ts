/**
 * How a test device issues a ticket the way its role does in the app: a kiosk in
 * its own name, a counter in a staff member's name (a walk-up ticket) — the queue's
 * rules refuse a counter ticket that names no staff member of the station.
 */
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';
import { issueTicket } from '#renderer/db/tickets.ts';

/**
 * Whether the device's replica holds what issuing needs: its station and the service.
 * They are two collections, each pulled on its own, so one arriving says nothing of the other.
 */
export async function holdsCatalogFor(db: KioskDatabase, stationId: string, serviceId: string): Promise<boolean> {
  const [service, station] = await Promise.all([
    db.services.findOne(serviceId).exec(),
    db.stations.findOne(stationId).exec(),
  ]);
  return service !== null && station !== null;
}

export async function issueAsDevice(
  db: KioskDatabase,
  enrolment: EnrolResponse,
  serviceId: string,
  now?: number,
): Promise<TicketDoc> {
  const service = await db.services.findOne(serviceId).exec();
  const station = await db.stations.findOne(enrolment.stationId).exec();
  if (!service || !station)
    throw new Error(`service ${serviceId} or station ${enrolment.stationId} not in the replica yet`);
  const staff = (station.toJSON() as { staff?: { id: string }[] }).staff?.[0]?.id;
  const byStaff = enrolment.role === 'counter' && staff !== undefined;
  return issueTicket(db, {
    service: service.toJSON() as never,
    station: station.toJSON() as never,
    device: enrolment,
    lang: 'zh-Hans',
    now,
    ...(byStaff && { by: staff, channel: 'walk_up' as const }),
  });
}
