/**
 * Fills the local database with past days' finished tickets, to measure the kiosk
 * with a realistic history (100,000 tickets is years of a busy station). Used by
 * bench/tap-to-ticket through the browser mode only; never in Electron. `from` continues
 * an earlier seeding (ids and days carry on where it stopped).
 */
import { formatTicketNumber, stationDay } from '#protocol/ticket-numbering.ts';
import { issueEntry } from '#protocol/ticket-lifecycle.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from './database.ts';

const DAY_MS = 86_400_000;
const PER_DAY = 300;
const CHUNK = 5_000;

export async function seedHistoricTickets(
  db: KioskDatabase,
  {
    from = 0,
    count,
    station,
    services,
    deviceId,
    now = Date.now(),
  }: { from?: number; count: number; station: StationDoc; services: ServiceDoc[]; deviceId: string; now?: number },
): Promise<void> {
  const ticketable = services.filter((s) => s.ticket);
  let batch: TicketDoc[] = [];
  for (let i = from; i < from + count; i++) {
    const daysAgo = 1 + Math.floor(i / PER_DAY);
    const service = ticketable[i % ticketable.length]!;
    const seq = 1 + Math.floor((i % PER_DAY) / ticketable.length);
    const issuedAt = now - daysAgo * DAY_MS + (i % PER_DAY) * 60_000;
    batch.push({
      id: `history-${i}`,
      stationId: station.id,
      deviceId,
      day: stationDay(issuedAt, station.utcOffsetMinutes),
      queue: service.queue,
      seq,
      number: formatTicketNumber(service.queue, seq),
      serviceId: service.id,
      channel: 'kiosk',
      lang: 'zh-Hans',
      priority: false,
      status: 'done',
      issuedAt,
      calledAt: issuedAt + 300_000,
      startedAt: issuedAt + 360_000,
      endedAt: issuedAt + 900_000,
      callCount: 1,
      history: [issueEntry(issuedAt, deviceId)],
    });
    if (batch.length === CHUNK) {
      await db.tickets.bulkInsert(batch);
      batch = [];
    }
  }
  if (batch.length) await db.tickets.bulkInsert(batch);
}
