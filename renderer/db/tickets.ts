/** Issuing tickets on this device and reading the queue, with the rules of sync/protocol. */
import { formatTicketNumber, nextSeq, numberForSeq, stationDay, type IssuingSlot } from '#protocol/ticket-numbering.ts';
import { issueEntry, type TicketChannel } from '#protocol/ticket-lifecycle.ts';
import type { Lang } from '#protocol/languages.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import type { DeviceConfig } from '#ipc/contract.ts';
import type { KioskDatabase } from './database.ts';
import { insertMarked } from './local-writes.ts';

export interface IssueRequest {
  service: ServiceDoc;
  station: StationDoc;
  /** This device: its id and its ticket-issuing slot (from the device config). */
  device: Pick<DeviceConfig, 'deviceId' | 'issuingSlot' | 'issuingSlots'>;
  lang: Lang;
  channel?: TicketChannel;
  /** Who issued it: the device for kiosk tickets, a staff id for staff-issued ones. */
  by?: string;
  /** The resident asked for the priority lane (at the kiosk only where the station offers it; the district checks). */
  priority?: boolean;
  /** The estimate the resident was shown for this number (absent: none was shown, or "not enough data"). */
  waitEstimate?: TicketDoc['waitEstimate'];
  /** Issued at an appointment's check-in: its id and slot start (the call order reads the slot from the ticket). */
  appointment?: { id: string; slotAt: number };
  now?: number;
}

// Two quick taps must not read the same last seq: tickets are issued one at a time.
const serially = createSerialQueue();

/** Issues the next ticket of this device for the service's queue, today, and stores it. */
export function issueTicket(db: KioskDatabase, req: IssueRequest): Promise<TicketDoc> {
  return serially(() => issueNow(db, req));
}

async function issueNow(db: KioskDatabase, req: IssueRequest): Promise<TicketDoc> {
  const now = req.now ?? Date.now();
  const day = stationDay(now, req.station.utcOffsetMinutes);
  const queue = req.service.queue;
  const deviceId = req.device.deviceId;
  const issuing: IssuingSlot = { slot: req.device.issuingSlot, slots: req.device.issuingSlots };
  // The slot's numbers already issued today at the station, by any device and in any
  // queue now (see nextSeq): a transfer or a replacement device must not repeat one.
  const today = await db.tickets.find({ selector: { day } }).exec();
  const seq = nextSeq(
    today.map((t) => t.number),
    queue,
    issuing,
  );
  const ticket: TicketDoc = {
    id: crypto.randomUUID(),
    stationId: req.station.id,
    deviceId,
    day,
    queue,
    seq,
    number: formatTicketNumber(queue, numberForSeq(seq, issuing)),
    serviceId: req.service.id,
    channel: req.channel ?? 'kiosk',
    lang: req.lang,
    priority: req.priority ?? false,
    status: 'waiting',
    issuedAt: now,
    callCount: 0,
    history: [issueEntry(now, req.by ?? deviceId)],
  };
  if (req.waitEstimate) ticket.waitEstimate = req.waitEstimate;
  if (req.appointment) {
    ticket.appointmentId = req.appointment.id;
    ticket.slotAt = req.appointment.slotAt;
  }
  await insertMarked(db, 'tickets', ticket);
  return ticket;
}

// The ticket just issued on this screen, so the ticket screen paints its number
// without waiting for a database read.
const recentlyIssued = new Map<string, TicketDoc>();

export function rememberIssued(ticket: TicketDoc): void {
  recentlyIssued.clear();
  recentlyIssued.set(ticket.id, ticket);
}

export function recallIssued(id: string): TicketDoc | undefined {
  return recentlyIssued.get(id);
}
