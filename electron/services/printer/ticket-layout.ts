/**
 * What a queue ticket says on paper, and where: the layout of the resident's
 * ticket and of the technician's test ticket as a PrintDocument. Pure: the text
 * comes from the injected translate function (the app's i18next), the data from
 * the synced documents, and the time from the ticket, never from the clock.
 *
 * Elderly residents read the ticket, so what they act on is large: the number at
 * the largest size that fits the paper, and the service, the people ahead, where
 * to go and what to bring at double size. The printed words are the ones the
 * kiosk screen shows for the same ticket (the same i18next keys).
 */
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import { ticketPlace } from '#protocol/ticket-place.ts';
import { MAX_SCALE, type Align } from './escpos.ts';
import { DEFAULT_COLUMNS, assertFits, type PrintBlock, type PrintDocument } from './print-document.ts';
import { textColumns, wrapColumns } from './text-columns.ts';

/** An i18next-compatible `t`: the layout passes `lng` in the options, so any instance works. */
export type TranslateFn = (key: string, options?: Record<string, unknown>) => string;

/** Every i18next key the printer prints: the `paper` namespace (printer/paper-words.ts). */
export const PRINT_TEXT_KEYS = {
  yourNumber: 'paper:ticket.yourNumber',
  /** Plural, with `count`. */
  ahead: 'paper:ticket.ahead',
  goTo: 'paper:ticket.goTo',
  waitAt: 'paper:ticket.waitAt',
  watchScreen: 'paper:ticket.watchScreen',
  bring: 'paper:ticket.bring',
  bringNothing: 'paper:ticket.bringNothing',
  /** With `time`. */
  issuedAt: 'paper:ticket.issuedAt',
  listen: 'paper:ticket.listen',
  /** Printed under the number of a priority-lane ticket. */
  priority: 'paper:ticket.priority',
  scanToFollow: 'paper:ticket.scanToFollow',
  testTitle: 'paper:test.title',
  testCheck: 'paper:test.check',
  /** With `printer` (where the bytes went, e.g. "192.168.1.50:9100"). */
  testPrinter: 'paper:test.printer',
  /** With `time`. */
  testTime: 'paper:test.time',
} as const;

/** What a ticket receipt needs. */
export interface TicketPrintInput {
  ticket: TicketDoc;
  service: ServiceDoc;
  station: StationDoc;
  lang: Lang;
  t: TranslateFn;
  /** People waiting before this ticket. Omit when unknown (e.g. a reprint): the line is left out rather than guessed. */
  peopleAhead?: number;
  /** The ticket's phone link (follow-links.ts); the QR code carries it. Without one the code carries the ticket id. */
  followUrl?: string;
}

/** What the technician's test ticket needs. */
export interface TestTicketInput {
  lang: Lang;
  t: TranslateFn;
  /** Where the bytes go, as a technician recognises it ("192.168.1.50:9100", "/dev/usb/lp0"). */
  printer: string;
  /** When the test is printed (epoch ms). */
  at: number;
  /** The station's UTC offset for the printed time; Shanghai's when the device has no station yet. */
  utcOffsetMinutes?: number;
}

const SHANGHAI_OFFSET_MINUTES = 480;
/** A full-width middle dot: printed in Chinese mode it fills two columns and spaces itself from the item. */
const BULLET = '·';
const QR_MODULE_DOTS = 6;

/** Test patterns for the technician: fixed on purpose, they check the printer, not the wording. */
const COLUMN_RULER = '123456789012345678901234567890123456789012345678';
const CJK_PATTERN = '简体中文 繁體中文 ABC abc 0123456789';

/** Collects blocks, wrapping each text to the columns its scale leaves. */
function documentBuilder(lang: Lang, columns: number) {
  const blocks: PrintBlock[] = [];
  const api = {
    text(value: string, style: { align?: Align; bold?: boolean; scale?: number } = {}) {
      const { align = 'left', bold = false, scale = 1 } = style;
      for (const line of wrapColumns(value, Math.floor(columns / scale)))
        blocks.push({ kind: 'text', text: line, align, bold, scale });
      return api;
    },
    /** A list item with a hanging indent, so a wrapped item still reads as one. */
    item(value: string, scale: number) {
      const indent = ' '.repeat(textColumns(BULLET));
      wrapColumns(value, Math.floor(columns / scale) - indent.length).forEach((line, i) => {
        blocks.push({ kind: 'text', text: (i === 0 ? BULLET : indent) + line, align: 'left', bold: false, scale });
      });
      return api;
    },
    rule() {
      blocks.push({ kind: 'text', text: '-'.repeat(columns), align: 'left', bold: false, scale: 1 });
      return api;
    },
    qr(data: string) {
      blocks.push({ kind: 'qr', data, align: 'center', moduleSize: QR_MODULE_DOTS, errorLevel: 'M' });
      return api;
    },
    finish(): PrintDocument {
      blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
      const doc = { lang, columns, blocks };
      assertFits(doc);
      return doc;
    },
  };
  return api;
}

/** The largest scale at which `value` fits on one line of the paper. */
export function largestScale(value: string, columns: number = DEFAULT_COLUMNS): number {
  return Math.max(1, Math.min(MAX_SCALE, Math.floor(columns / Math.max(1, textColumns(value)))));
}

/** "2026-11-28 09:05" on the station's wall clock. */
function stationDateTime(epochMs: number, utcOffsetMinutes: number): string {
  return `${stationDay(epochMs, utcOffsetMinutes)} ${formatStationTime(epochMs, utcOffsetMinutes)}`;
}

/** The resident's queue ticket. */
export function ticketDocument(
  { ticket, service, station, lang, t, peopleAhead, followUrl }: TicketPrintInput,
  columns: number = DEFAULT_COLUMNS,
): PrintDocument {
  const tr = (key: string, vars: Record<string, unknown> = {}) => t(key, { ...vars, lng: lang });
  const place = ticketPlace(station, ticket.queue);
  const bring = service.bring[lang];
  const doc = documentBuilder(lang, columns);

  doc.text(station.name[lang], { align: 'center', bold: true, scale: 1 }).rule();
  doc.text(tr(PRINT_TEXT_KEYS.yourNumber), { align: 'center', scale: 2 });
  doc.text(ticket.number, { align: 'center', bold: true, scale: largestScale(ticket.number, columns) });
  if (ticket.priority) doc.text(tr(PRINT_TEXT_KEYS.priority), { align: 'center', bold: true, scale: 2 });
  doc.text(service.name[lang], { align: 'center', bold: true, scale: 2 });
  if (peopleAhead !== undefined)
    doc.text(tr(PRINT_TEXT_KEYS.ahead, { count: peopleAhead }), { align: 'center', scale: 2 });
  doc.rule();
  // Never a counter chosen at issue time: when several counters serve the queue, the
  // display names the one that calls (ticket-place.ts).
  if (place.kind === 'go')
    doc.text(tr(PRINT_TEXT_KEYS.goTo), { scale: 2 }).text(place.place[lang], { bold: true, scale: 2 });
  if (place.kind === 'wait')
    doc.text(tr(PRINT_TEXT_KEYS.waitAt), { scale: 2 }).text(place.place[lang], { bold: true, scale: 2 });
  if (place.kind !== 'go') doc.text(tr(PRINT_TEXT_KEYS.watchScreen), { bold: place.kind === 'watch', scale: 2 });
  doc.text(tr(PRINT_TEXT_KEYS.bring), { scale: 2 });
  if (bring.length === 0) doc.text(tr(PRINT_TEXT_KEYS.bringNothing), { scale: 2 });
  for (const item of bring) doc.item(item, 2);
  doc.rule();
  doc.text(tr(PRINT_TEXT_KEYS.listen), { align: 'center', bold: true, scale: 2 });
  doc.text(tr(PRINT_TEXT_KEYS.issuedAt, { time: stationDateTime(ticket.issuedAt, station.utcOffsetMinutes) }), {
    align: 'center',
  });
  if (followUrl) doc.text(tr(PRINT_TEXT_KEYS.scanToFollow), { align: 'center', bold: true, scale: 2 });
  doc.qr(followUrl ?? ticket.id);
  // The id in letters too, so staff can still find the ticket when a scanner cannot read the code.
  doc.text(ticket.id, { align: 'center' });
  return doc.finish();
}

/** The technician's test ticket: wording, both Chinese scripts, the full width, the largest size, a QR code and the cut. */
export function testTicketDocument(
  { lang, t, printer, at, utcOffsetMinutes = SHANGHAI_OFFSET_MINUTES }: TestTicketInput,
  columns: number = DEFAULT_COLUMNS,
): PrintDocument {
  const tr = (key: string, vars: Record<string, unknown> = {}) => t(key, { ...vars, lng: lang });
  const time = stationDateTime(at, utcOffsetMinutes);
  const sample = 'A123';
  return documentBuilder(lang, columns)
    .text(tr(PRINT_TEXT_KEYS.testTitle), { align: 'center', bold: true, scale: 2 })
    .text(sample, { align: 'center', bold: true, scale: largestScale(sample, columns) })
    .text(tr(PRINT_TEXT_KEYS.testCheck), { scale: 1 })
    .rule()
    .text(tr(PRINT_TEXT_KEYS.testPrinter, { printer }))
    .text(tr(PRINT_TEXT_KEYS.testTime, { time }))
    .text(COLUMN_RULER.slice(0, columns))
    .text(CJK_PATTERN, { scale: 1 })
    .text(CJK_PATTERN, { bold: true, scale: 2 })
    .qr(`doorstep-printer-test ${new Date(at).toISOString()}`)
    .finish();
}
