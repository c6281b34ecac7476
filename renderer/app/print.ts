/** Printing a ticket through the device's printer service; a failure never loses the ticket, it only reports. */
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { getPlatform } from '#renderer/platform/platform.ts';

export type PrintOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface PrintJob {
  ticket: TicketDoc;
  service: ServiceDoc;
  station: StationDoc;
  lang: Lang;
  peopleAhead: number;
}

export async function printTicket(job: PrintJob): Promise<PrintOutcome> {
  const result = await getPlatform().invoke('printer:printTicket', job);
  if (result.ok) return result.value.printed ? { ok: true } : { ok: false, code: 'no_printer', message: '' };
  return { ok: false, code: result.error.code, message: result.error.message };
}
