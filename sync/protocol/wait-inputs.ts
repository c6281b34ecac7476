/**
 * The wait estimate's inputs (wait-estimate.ts) read from a station's synced
 * tickets alone, so any place that holds them — the district's phone page, a
 * kiosk — builds the same query. Runtime-free.
 *
 * Which counters are open cannot be synced (staff sign in on the counter itself),
 * so it is read from what counters do: a counter is open while it calls or serves
 * someone, and for OPEN_COUNTER_MINUTES after its last call or finish.
 */
import type { CallPolicy } from './call-order.ts';
import { callRecords, candidateOf } from './ticket-calls.ts';
import type { StationDoc, TicketDoc } from './schemas.ts';
import type { CounterState, ServiceSample, WaitQuery } from './wait-estimate.ts';

/**
 * 30 minutes: longer than nearly every single service (the demo station's run 5–20
 * minutes), so a counter between two residents still counts as open; short enough
 * that a counter closed for lunch stops counting within half an hour.
 */
export const OPEN_COUNTER_MINUTES = 30;

type Counter = NonNullable<StationDoc['counters']>[number];

/** The counters of a station as the estimate sees them, from the day's tickets. */
export function counterStates(
  counters: readonly Counter[],
  dayTickets: readonly TicketDoc[],
  policy: CallPolicy,
  now: number,
): CounterState[] {
  return counters.map((c) => {
    const mine = dayTickets.filter((t) => t.counter === c.id && t.calledAt !== undefined);
    // The counter's calls as its own board counts them for nextCall (ticket-calls.ts).
    const history = callRecords(dayTickets, policy, { counter: c.id });
    const current = mine.find((t) => t.status === 'called' || t.status === 'serving');
    const lastActive = Math.max(
      -Infinity,
      ...mine.map((t) => Math.max(t.calledAt ?? -Infinity, t.endedAt ?? -Infinity)),
    );
    const open = current !== undefined || now - lastActive <= OPEN_COUNTER_MINUTES * 60_000;
    return {
      id: c.id,
      queues: c.queues,
      open,
      history,
      ...(current && { busy: { queue: current.queue, since: current.calledAt! } }),
    };
  });
}

/** The estimate's query for one waiting ticket of the day (`{ id }`), or one about to be taken (`{ queue, priority }`). */
export function waitQueryFor(input: {
  target: WaitQuery['target'];
  counters: readonly Counter[];
  dayTickets: readonly TicketDoc[];
  samples: readonly ServiceSample[];
  policy: CallPolicy;
  now: number;
}): WaitQuery {
  const { dayTickets, policy, now } = input;
  return {
    target: input.target,
    waiting: dayTickets.filter((t) => t.status === 'waiting').map(candidateOf),
    counters: counterStates(input.counters, dayTickets, policy, now),
    samples: input.samples,
    issuedToday: dayTickets.map((t) => ({ queue: t.queue, priority: t.priority, issuedAt: t.issuedAt })),
    policy,
    now,
  };
}
