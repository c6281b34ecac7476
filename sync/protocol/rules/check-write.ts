/**
 * The one entry point of the write rules: is this pushed document a legal write
 * for this device, given what is stored? Runtime-free; every server of ours calls
 * it for every pushed row. Station scope and the creating device are checked
 * before this (they need no knowledge of the document's kind).
 */
import type { DeviceWritableCollection } from '#protocol/wire-messages.ts';
import type { AppointmentDoc, DeviceHealthDoc, HelpRequestDoc, NeedDoc, TicketDoc } from '#protocol/schemas.ts';
import { checkAppointmentWrite } from './appointment-rules.ts';
import type { StationFacts, Writer } from './context.ts';
import type { Refusal } from './refusals.ts';
import { checkDeviceHealthWrite } from './device-health-rules.ts';
import { checkHelpRequestWrite, checkNeedWrite, openedHelpRequest } from './request-rules.ts';
import { checkTicketWrite, issuedBase } from './ticket-rules.ts';

export interface PushedWrite {
  collection: DeviceWritableCollection;
  /** The stored document, if any (its JSON, without `_deleted`). */
  stored: Record<string, unknown> | undefined;
  next: Record<string, unknown>;
  deleted: boolean;
  writer: Writer;
  station: StationFacts | null;
  now: number;
  /** What the database holds beyond the document itself, read in the push's transaction. */
  facts?: PushFacts;
}

/** Stored documents the rules of some collections compare a write with. */
export interface PushFacts {
  /** appointments: the station's stored appointments (any status) of the pushed one's day. */
  appointmentsOfDay?: (day: string) => readonly AppointmentDoc[];
  /** tickets: the station's stored appointment a new ticket is issued for. */
  appointment?: (id: string) => AppointmentDoc | undefined;
}

/** Null when legal; otherwise the refusal. The documents are schema-valid (the caller validated them). */
export function checkWrite(w: PushedWrite): Refusal | null {
  const common = { deleted: w.deleted, writer: w.writer, station: w.station };
  switch (w.collection) {
    case 'tickets':
      return checkTicketWrite({
        ...common,
        stored: w.stored as TicketDoc | undefined,
        next: w.next as TicketDoc,
        now: w.now,
        appointment: w.facts?.appointment,
      });
    case 'needs':
      return checkNeedWrite({ ...common, stored: w.stored as NeedDoc | undefined, next: w.next as NeedDoc });
    case 'helpRequests':
      return checkHelpRequestWrite({
        ...common,
        stored: w.stored as HelpRequestDoc | undefined,
        next: w.next as HelpRequestDoc,
      });
    case 'deviceHealth':
      return checkDeviceHealthWrite({ deleted: w.deleted, writer: w.writer, next: w.next as DeviceHealthDoc });
    case 'appointments': {
      const next = w.next as AppointmentDoc;
      return checkAppointmentWrite({
        ...common,
        stored: w.stored as AppointmentDoc | undefined,
        next,
        sameDay: w.facts?.appointmentsOfDay?.(next.day) ?? [],
        now: w.now,
      });
    }
  }
}

/**
 * The document as the device that created it made it, for the collections whose
 * documents other devices of the station move on (a counter calls a kiosk's ticket,
 * acknowledges its help request); undefined for the others, which only their
 * creator writes (needs, health reports) or which carry no creator (appointments).
 * A server that has not yet stored a document checks a later state of it as this
 * creation by its creator plus the pusher's changes (server/domain/push-decision.ts).
 */
export function stateAtCreation(
  collection: DeviceWritableCollection,
  next: Record<string, unknown>,
): Record<string, unknown> | undefined {
  switch (collection) {
    case 'tickets':
      return issuedBase(next as unknown as TicketDoc) as unknown as Record<string, unknown>;
    case 'helpRequests':
      return openedHelpRequest(next as unknown as HelpRequestDoc) as unknown as Record<string, unknown>;
    default:
      return undefined;
  }
}
