/**
 * How a station hub settles an upload the district answered with a conflict: the
 * district's version is the base, the hub's changes go on top only as legal steps.
 * Tickets use the devices' own merge (sync/client/ticket-conflicts.ts), so the hub
 * and every device agree on the result; help requests keep the further status;
 * needs never change, so the district's copy stands; an appointment keeps the
 * hub's step out of "booked" only if the district has none; a device-health report keeps
 * the later of the two.
 */
import type { AppointmentDoc, DeviceHealthDoc, HelpRequestDoc, TicketDoc } from '#protocol/schemas.ts';
import type { DeviceWritableCollection } from '#protocol/wire-messages.ts';
import { mergeTickets } from '#client/ticket-conflicts.ts';
import type { WireDoc } from '#server/domain/documents.ts';

const HELP_ORDER: Record<HelpRequestDoc['status'], number> = { open: 0, acknowledged: 1, closed: 2 };

export function mergeForUpload(collection: DeviceWritableCollection, master: WireDoc, hub: WireDoc): WireDoc {
  switch (collection) {
    case 'tickets':
      return mergeTickets(master as never as TicketDoc & { _deleted: boolean }, hub as never) as unknown as WireDoc;
    case 'helpRequests': {
      const m = master as unknown as HelpRequestDoc;
      const h = hub as unknown as HelpRequestDoc;
      return HELP_ORDER[h.status] > HELP_ORDER[m.status] ? hub : master;
    }
    case 'needs':
      return master;
    case 'appointments':
      // An appointment moves once, out of "booked" (appointment-rules.ts): a step the district has not seen goes up; otherwise its version stands.
      return (master as unknown as AppointmentDoc).status === 'booked' ? hub : master;
    case 'deviceHealth':
      // Only the device itself writes its report: the later one is the device's state now.
      return (hub as unknown as DeviceHealthDoc).updatedAt > (master as unknown as DeviceHealthDoc).updatedAt
        ? hub
        : master;
  }
}
