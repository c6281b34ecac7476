/**
 * Documents for the sync bench, built the way the kiosk builds them (see
 * renderer/db/tickets.ts): station and services from the demo catalog, tickets
 * with real numbers, station days and lifecycle histories.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { CATALOG_FORMAT } from '#protocol/catalog.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { applyTicketAction, issueEntry, type TicketAction } from '#protocol/ticket-lifecycle.ts';
import { formatTicketNumber, numberForSeq, stationDay, type IssuingSlot } from '#protocol/ticket-numbering.ts';
import { LANGUAGES } from '#protocol/languages.ts';
import { TICKET_CHANNELS } from '#protocol/ticket-lifecycle.ts';

const DEMO_CATALOG = new URL('../../assets/catalog/demo-catalog.json', import.meta.url);

type FileService = Omit<ServiceDoc, 'stationId'> & { scope: 'district' | 'station' };
interface CatalogFile {
  format: string;
  station: StationDoc;
  services: FileService[];
}

let demo: CatalogFile | undefined;
function demoCatalog(): CatalogFile {
  demo ??= JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as CatalogFile;
  return demo;
}

/**
 * A catalog file for `stationId`: the demo station's queues and texts, and
 * `districtItems` district-wide services cloned from the demo's (ids prefixed by
 * `idPrefix`, so several stations can each bring their own district items).
 */
export function catalogFile(stationId: string, districtItems: number, idPrefix: string): CatalogFile {
  const base = demoCatalog();
  const templates = base.services;
  const services: FileService[] = Array.from({ length: Math.max(1, districtItems) }, (_, i) => {
    const t = templates[i % templates.length]!;
    return { ...t, id: `${idPrefix}-${String(i + 1).padStart(5, '0')}`, order: i % 10001, scope: 'district' as const };
  });
  return { format: CATALOG_FORMAT, station: { ...base.station, id: stationId }, services };
}

/** A station's utcOffsetMinutes and the ticketable services' (id, queue), for building tickets. */
export interface TicketContext {
  stationId: string;
  /** The station's staff ids: staff actions (and a counter's issue) name one of them. */
  staff: string[];
  utcOffsetMinutes: number;
  services: { id: string; queue: string }[];
}

export function ticketContext(file: CatalogFile): TicketContext {
  return {
    stationId: file.station.id,
    staff: (file.station.staff ?? []).map((s) => s.id),
    utcOffsetMinutes: file.station.utcOffsetMinutes,
    services: file.services.filter((s) => s.ticket).map((s) => ({ id: s.id, queue: s.queue })),
  };
}

const DAY_MS = 86_400_000;

export interface TicketRunOptions {
  ctx: TicketContext;
  deviceId: string;
  issuing: IssuingSlot;
  count: number;
  /** Spread over this many station days, ending on the day of `endMs`. */
  days: number;
  endMs: number;
  rand: () => number;
}

/**
 * `count` tickets one device issued over `days` days, most of them served to
 * the end (issue → call → start → finish, some rated), some no-shows and
 * cancellations, today's last ones still waiting. Numbers follow the device's
 * issuing slot, per queue and station day, as issueTicket() numbers them.
 */
export function ticketRun({ ctx, deviceId, issuing, count, days, endMs, rand }: TicketRunOptions): TicketDoc[] {
  const seqs = new Map<string, number>();
  const out: TicketDoc[] = [];
  const perDay = Math.ceil(count / days);
  const staff = ctx.staff;
  for (let i = 0; i < count; i++) {
    const dayIndex = Math.floor(i / perDay);
    const dayStart = endMs - (days - 1 - dayIndex) * DAY_MS;
    // Opening hours 08:30–19:30 station time, spread evenly.
    const localMidnight =
      Math.floor((dayStart + ctx.utcOffsetMinutes * 60_000) / DAY_MS) * DAY_MS - ctx.utcOffsetMinutes * 60_000;
    const issuedAt =
      localMidnight + 510 * 60_000 + Math.floor(((i % perDay) / perDay) * 660 * 60_000) + Math.floor(rand() * 30_000);
    const service = ctx.services[Math.floor(rand() * ctx.services.length)]!;
    // A counter issues in the name of the staff member at it (the district checks it).
    const issuer = staff[Math.floor(rand() * staff.length)]!;
    const day = stationDay(issuedAt, ctx.utcOffsetMinutes);
    const key = `${day}|${service.queue}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    let ticket: TicketDoc = {
      id: randomUUID(),
      stationId: ctx.stationId,
      deviceId,
      day,
      queue: service.queue,
      seq,
      number: formatTicketNumber(service.queue, numberForSeq(seq, issuing)),
      serviceId: service.id,
      channel: rand() < 0.85 ? 'kiosk' : TICKET_CHANNELS[1 + Math.floor(rand() * (TICKET_CHANNELS.length - 1))]!,
      lang: rand() < 0.8 ? 'zh-Hans' : LANGUAGES[1 + Math.floor(rand() * (LANGUAGES.length - 1))]!,
      priority: rand() < 0.1,
      status: 'waiting',
      issuedAt,
      callCount: 0,
      history: [issueEntry(issuedAt, issuer)],
    };
    const lastDay = dayIndex === days - 1;
    const r = rand();
    const by = staff[Math.floor(rand() * staff.length)]!;
    const counter = `C${1 + Math.floor(rand() * 4)}`;
    let steps: TicketAction[];
    if (lastDay && i % perDay > perDay * 0.9) steps = [];
    else if (r < 0.85) steps = ['call', 'start', 'finish'];
    else if (r < 0.93) steps = ['call', 'recall', 'no_show'];
    else steps = ['cancel'];
    let at = issuedAt;
    for (const action of steps) {
      at += 60_000 + Math.floor(rand() * 600_000);
      const result = applyTicketAction(ticket, action as Exclude<TicketAction, 'issue'>, { at, by, counter });
      if (!result.ok) throw new Error(result.error.message);
      ticket = result.value;
    }
    if (ticket.status === 'done' && rand() < 0.3) {
      const level = 1 + Math.floor(rand() * 5);
      ticket = { ...ticket, rating: { level, reasons: level <= 2 ? ['waited_too_long'] : [], at: at + 30_000 } };
    }
    out.push(ticket);
  }
  return out;
}

/** One fresh waiting ticket, as a kiosk issues it at the tap (for the live-propagation test). */
export function freshTicket(ctx: TicketContext, deviceId: string, seq: number, now: number): TicketDoc {
  const service = ctx.services[seq % ctx.services.length]!;
  const n = ((seq - 1) % 999) + 1;
  return {
    id: randomUUID(),
    stationId: ctx.stationId,
    deviceId,
    day: stationDay(now, ctx.utcOffsetMinutes),
    queue: service.queue,
    seq: n,
    number: formatTicketNumber(service.queue, n),
    serviceId: service.id,
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: now,
    callCount: 0,
    history: [issueEntry(now, deviceId)],
  };
}

/** Average JSON size of documents, in bytes. */
export function averageJsonBytes(docs: readonly object[]): number {
  if (docs.length === 0) return 0;
  let total = 0;
  for (const d of docs) total += Buffer.byteLength(JSON.stringify(d));
  return Math.round(total / docs.length);
}
