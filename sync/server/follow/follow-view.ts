/**
 * What a ticket's phone page says, decided from the station's facts: a pure
 * function, so every state (waiting, called, done, the station gone quiet) is
 * tested without a browser. Only the ticket's own number, service, place in the
 * queue and the counter that called it: nothing about anyone else.
 */
import { DEFAULT_CALL_POLICY, type CallPolicy } from '#protocol/call-order.ts';
import type { LocalizedText } from '#protocol/languages.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { ticketPlace } from '#protocol/ticket-place.ts';
import { estimateWait, type WaitEstimate } from '#protocol/wait-estimate.ts';
import { waitQueryFor } from '#protocol/wait-inputs.ts';
import type { StationFacts } from './follow-store.ts';

/**
 * Minutes without a word from any device of the station before the page says when
 * it last heard from it. 5: an online station's devices keep a live stream to the
 * district and reconnect within about 35 s of a dropped connection, and a device's
 * "last seen" moves to the minute; so a quiet minute or two is normal, while 5
 * minutes without a word means the station (or its uplink) is down — still well
 * inside a typical wait, so a resident learns it before trusting a stale "3 ahead".
 */
export const STATION_QUIET_MINUTES = 5;

export type FollowState =
  | { kind: 'waiting'; estimate: WaitEstimate }
  /** Called: go to `place` (the counter that called), or watch the calling screen when it is not known. */
  | { kind: 'called'; place: LocalizedText | null }
  | { kind: 'serving' }
  | { kind: 'done' }
  | { kind: 'no_show' }
  | { kind: 'cancelled' }
  /** Still open, but of an earlier day: nobody will call it now. */
  | { kind: 'expired' };

export interface FollowView {
  number: string;
  stationName: LocalizedText | null;
  serviceName: LocalizedText | null;
  state: FollowState;
  /** When the station has been quiet for longer than STATION_QUIET_MINUTES: when it was last heard (epoch ms, or null for never). */
  quietSince: { at: number | null } | null;
  utcOffsetMinutes: number;
}

/** The station's call policy. The station document carries none yet; when it does, read it here. */
export function stationCallPolicy(_station: StationDoc | null): CallPolicy {
  return DEFAULT_CALL_POLICY;
}

function calledPlace(station: StationDoc | null, ticket: TicketDoc): LocalizedText | null {
  const counter = station?.counters?.find((c) => c.id === ticket.counter);
  if (counter) return counter.name;
  if (!station) return null;
  const place = ticketPlace(station, ticket.queue);
  return place.kind === 'go' ? place.place : null;
}

/** The page of `ticket` (its latest stored state) at `now` (district time, epoch ms). */
export function followView(ticket: TicketDoc, facts: StationFacts, now: number): FollowView {
  const { station } = facts;
  const offset = station?.utcOffsetMinutes ?? 480;
  const today = stationDay(now, offset);
  const open = ticket.status === 'waiting' || ticket.status === 'called' || ticket.status === 'serving';
  let state: FollowState;
  if (open && ticket.day < today) state = { kind: 'expired' };
  else if (ticket.status === 'waiting') {
    const policy = stationCallPolicy(station);
    const estimate = estimateWait(
      waitQueryFor({
        ticketId: ticket.id,
        counters: station?.counters ?? [],
        dayTickets: facts.dayTickets,
        samples: facts.finished,
        policy,
        now,
      }),
    );
    state = { kind: 'waiting', estimate };
  } else if (ticket.status === 'called') state = { kind: 'called', place: calledPlace(station, ticket) };
  else state = { kind: ticket.status };
  const quiet =
    open &&
    state.kind !== 'expired' &&
    (facts.heardAt === null || now - facts.heardAt > STATION_QUIET_MINUTES * 60_000);
  return {
    number: ticket.number,
    stationName: station?.name ?? null,
    serviceName: facts.service?.name ?? null,
    state,
    quietSince: quiet ? { at: facts.heardAt } : null,
    utcOffsetMinutes: offset,
  };
}
