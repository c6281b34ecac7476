/**
 * The staff board lists the station's tickets of the current day even when this
 * device's clock is a day behind (a ticket's day is set by the issuing device's
 * clock): real RxDB collections of the kiosk on memory storage.
 */
import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { issueEntry } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { KIOSK_COLLECTIONS, type KioskDatabase } from '#renderer/db/database.ts';
import { boardTickets$ } from '#renderer/features/staff/board-tickets.ts';

let opened = 0;
function ticket(id: string, day: string, number: string): TicketDoc {
  return {
    id,
    stationId: 's1',
    deviceId: 'kiosk',
    day,
    queue: number[0]!,
    seq: 1,
    number,
    serviceId: 'svc',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: 1,
    callCount: 0,
    history: [issueEntry(1, 'kiosk')],
  };
}

describe('staff board tickets', () => {
  let db: KioskDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
  });

  async function open(): Promise<KioskDatabase> {
    const created = await createRxDatabase({
      name: `board-${process.pid}-${++opened}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    await created.addCollections(KIOSK_COLLECTIONS);
    return created as unknown as KioskDatabase;
  }

  it('shows the station’s tickets of today on a device whose clock is a day behind', async () => {
    db = await open();
    await db.tickets.bulkInsert([
      ticket('old', '2026-11-30', 'A001'),
      ticket('t1', '2026-12-01', 'A001'),
      ticket('t2', '2026-12-01', 'B001'),
    ]);
    // This device thinks it is still 30 November.
    const shown = await firstValueFrom(boardTickets$(db, '2026-11-30').pipe(filter((t) => t.length > 0)));
    expect(shown.map((t) => t.id).sort()).toEqual(['t1', 't2']);
  });

  it('shows the device’s own day when nothing later exists, and ignores a clock far ahead', async () => {
    db = await open();
    await db.tickets.bulkInsert([ticket('today', '2026-12-01', 'A001'), ticket('rogue', '2027-03-01', 'A002')]);
    const shown = await firstValueFrom(boardTickets$(db, '2026-12-01').pipe(filter((t) => t.length > 0)));
    expect(shown.map((t) => t.id)).toEqual(['today']);
  });
});
