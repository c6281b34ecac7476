/**
 * Pure reading of the day's queue for a counter: who waits, who is next, and the
 * day's summary. The waiting lists are in issue order, never the number; who is
 * called next is the station's call-order rule (sync/protocol/call-order.ts), which
 * with the priority lane off is plain issue order too.
 */
import type { CallPolicy } from '#protocol/call-order.ts';
import type { CategoryId } from '#protocol/categories.ts';
import type { ServiceDoc, TicketDoc } from '#protocol/schemas.ts';
import { callRecords, callSequence } from '#protocol/ticket-calls.ts';
import { TICKET_STATUSES, type TicketStatus } from '#protocol/ticket-lifecycle.ts';

/** Waiting tickets in issue order (the order residents came in). */
export function callingOrder(tickets: readonly TicketDoc[]): TicketDoc[] {
  return tickets
    .filter((t) => t.status === 'waiting')
    .sort((a, b) => a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Who a counter calls next under the station's rule, from its own calls today; null when nobody waits in its queues. */
export function nextForCounter(
  tickets: readonly TicketDoc[],
  counter: { id: string; queues: readonly string[] },
  policy: CallPolicy,
  now: number,
): TicketDoc | null {
  const history = callRecords(tickets, policy, { counter: counter.id });
  return callSequence({ tickets, queues: counter.queues, history, policy, now }, 1)[0] ?? null;
}

/**
 * The tickets a counter has in hand, the latest called first: every ticket it
 * called or is serving. The first is the one on its card; the others stay listed
 * under it, so a ticket left called when the next was called is never out of sight.
 */
export function ticketsInHand(tickets: readonly TicketDoc[], counterId: string): TicketDoc[] {
  return tickets
    .filter((t) => t.counter === counterId && (t.status === 'called' || t.status === 'serving'))
    .sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0) || a.id.localeCompare(b.id));
}

/** Waiting tickets grouped by queue letter, each group in calling order. */
export function waitingByQueue(tickets: readonly TicketDoc[]): Map<string, TicketDoc[]> {
  const groups = new Map<string, TicketDoc[]>();
  for (const t of callingOrder(tickets)) {
    const list = groups.get(t.queue) ?? [];
    list.push(t);
    groups.set(t.queue, list);
  }
  return groups;
}

/** When the ticket was first called, from its history (a recall does not reset waiting time). */
export function firstCalledAt(t: TicketDoc): number | undefined {
  return t.history.find((h) => h.action === 'call')?.at;
}

export interface DaySummary {
  total: number;
  byCategory: Partial<Record<CategoryId, number>>;
  /**
   * Tickets by their status now. Every ticket has exactly one status, so these add
   * up to `total` whatever happened (a ticket left called, a transfer, a reactivation).
   */
  byStatus: Record<TicketStatus, number>;
  /** Tickets that were transferred at least once (counted under their status now as well). */
  transferred: number;
  /** Mean minutes from issue to first call, over called tickets; null when none. */
  avgWaitMinutes: number | null;
  /** Mean minutes from start to finish, over finished tickets; null when none. */
  avgServiceMinutes: number | null;
  ratings: number;
  /** Mean rating 1–5; null when none. */
  avgRating: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function daySummary(tickets: readonly TicketDoc[], services: readonly ServiceDoc[]): DaySummary {
  const category = new Map(services.map((s) => [s.id, s.category]));
  const byCategory: Partial<Record<CategoryId, number>> = {};
  for (const t of tickets) {
    const c = category.get(t.serviceId);
    if (c) byCategory[c] = (byCategory[c] ?? 0) + 1;
  }
  const waits = tickets.flatMap((t) => {
    const called = firstCalledAt(t);
    return called === undefined ? [] : [(called - t.issuedAt) / 60_000];
  });
  const serviceTimes = tickets.flatMap((t) =>
    t.status === 'done' && t.startedAt !== undefined && t.endedAt !== undefined
      ? [(t.endedAt - t.startedAt) / 60_000]
      : [],
  );
  const rated = tickets.flatMap((t) => (t.rating ? [t.rating.level] : []));
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<TicketStatus, number>;
  for (const t of tickets) byStatus[t.status] += 1;
  return {
    total: tickets.length,
    byCategory,
    byStatus,
    transferred: tickets.filter((t) => t.history.some((h) => h.action === 'transfer')).length,
    avgWaitMinutes: mean(waits),
    avgServiceMinutes: mean(serviceTimes),
    ratings: rated.length,
    avgRating: mean(rated),
  };
}
