/**
 * Appointments on this device: staff book them at the counter, the resident checks
 * in at the kiosk. Both work offline; capacity and codes are counted from the
 * station's appointments this device holds (appointment-slots.ts), and the
 * district checks again on upload (rules/appointment-rules.ts).
 */
import {
  checkInStanding,
  matchCheckIn,
  newCheckInCode,
  slotOffers,
  slotSettings,
  slotStartAt,
  type CheckInKey,
  type SlotOffer,
} from '#protocol/appointment-slots.ts';
import type { CheckInStanding } from '#protocol/call-order.ts';
import type { Lang } from '#protocol/languages.ts';
import type { AppointmentDoc, ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { DeviceConfig } from '#ipc/contract.ts';
import type { KioskDatabase } from './database.ts';
import { insertMarked, modifyMarked } from './local-writes.ts';
import { issueTicket } from './tickets.ts';

/** The station's appointments of a day held on this device. */
export async function appointmentsOfDay(db: KioskDatabase, day: string): Promise<AppointmentDoc[]> {
  return (await db.appointments.find({ selector: { day } }).exec()).map((d) => d.toJSON() as AppointmentDoc);
}

/** The service's bookable slots of a day with the places left (full ones with 0). */
export async function freeSlots(
  db: KioskDatabase,
  station: StationDoc,
  serviceId: string,
  day: string,
  now = Date.now(),
): Promise<SlotOffer[]> {
  const appointments = await appointmentsOfDay(db, day);
  return slotOffers({ station, policy: stationCallPolicy(station), appointments, now }, serviceId, day);
}

export interface BookingRequest {
  station: StationDoc;
  serviceId: string;
  day: string;
  start: string;
  name: string;
  phoneLast4?: string;
  /** The staff member booking it at this counter. */
  staffId: string;
  now?: number;
}

export type BookingResult = { ok: true; appointment: AppointmentDoc } | { ok: false; reason: 'full' | 'unavailable' };

// Two bookings in quick succession must not both take a slot's last place or the same code.
const serially = createSerialQueue();

/** Books a slot at the counter: a new appointment with a fresh check-in code, or why not. */
export function bookAppointment(db: KioskDatabase, req: BookingRequest): Promise<BookingResult> {
  return serially(async () => {
    const now = req.now ?? Date.now();
    const settings = slotSettings(req.station, req.serviceId);
    const offer = (await freeSlots(db, req.station, req.serviceId, req.day, now)).find((s) => s.start === req.start);
    if (!settings || !offer) return { ok: false, reason: 'unavailable' };
    if (offer.remaining <= 0) return { ok: false, reason: 'full' };
    const taken = new Set((await appointmentsOfDay(db, req.day)).map((a) => a.code));
    const code = newCheckInCode(taken, Math.random);
    if (code === null) return { ok: false, reason: 'full' };
    const appointment: AppointmentDoc = {
      id: crypto.randomUUID(),
      stationId: req.station.id,
      serviceId: req.serviceId,
      day: req.day,
      start: req.start,
      slotMinutes: settings.slotMinutes,
      code,
      name: req.name,
      status: 'booked',
      channel: 'counter',
      createdBy: req.staffId,
      createdAt: now,
    };
    if (req.phoneLast4) appointment.phoneLast4 = req.phoneLast4;
    await insertMarked(db, 'appointments', appointment);
    return { ok: true, appointment };
  });
}

/** What the kiosk found for the digits typed. */
export type CheckInLookup =
  | { kind: 'found'; appointment: AppointmentDoc; standing: CheckInStanding }
  | { kind: 'none' }
  /** Several appointments today share these phone digits: ask for the code instead. */
  | { kind: 'several' };

/** The resident's booked appointment of today for a code or phone digits, and where its check-in stands now. */
export async function findForCheckIn(
  db: KioskDatabase,
  station: StationDoc,
  key: CheckInKey,
  now = Date.now(),
): Promise<CheckInLookup> {
  const matches = matchCheckIn(
    await appointmentsOfDay(db, stationDay(now, station.utcOffsetMinutes)),
    stationDay(now, station.utcOffsetMinutes),
    key,
  );
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1) return { kind: 'several' };
  const appointment = matches[0]!;
  return {
    kind: 'found',
    appointment,
    standing: checkInStanding(appointment, station.utcOffsetMinutes, stationCallPolicy(station), now),
  };
}

export interface CheckInRequest {
  appointment: AppointmentDoc;
  service: ServiceDoc;
  station: StationDoc;
  device: Pick<DeviceConfig, 'deviceId' | 'issuingSlot' | 'issuingSlots'>;
  lang: Lang;
  now?: number;
}

/**
 * Checks the resident in: issues the appointment's ticket (called at its slot,
 * call-order.ts) and records it on the appointment. Null when the appointment is
 * no longer booked on this device (checked in a moment ago, or cancelled).
 */
export async function checkIn(db: KioskDatabase, req: CheckInRequest): Promise<TicketDoc | null> {
  const now = req.now ?? Date.now();
  const stored = await db.appointments.findOne(req.appointment.id).exec();
  if (stored?.status !== 'booked') return null;
  const slotAt = slotStartAt(req.appointment.day, req.appointment.start, req.station.utcOffsetMinutes);
  const ticket = await issueTicket(db, {
    service: req.service,
    station: req.station,
    device: req.device,
    lang: req.lang,
    appointment: { id: req.appointment.id, slotAt },
    now,
  });
  await modifyMarked(db, 'appointments', req.appointment.id, (a) =>
    a.status === 'booked' ? { ...a, status: 'checked_in' as const, ticketId: ticket.id, checkedInAt: now } : a,
  );
  return ticket;
}
