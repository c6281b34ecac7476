/**
 * The call-order rule (call-order.ts) applied to stored tickets: who a counter
 * calls next, and the next few a queue will call, from the day's tickets and the
 * station's policy. Runtime-free, so the counter's "call next" and the display's
 * "coming next" come from the very rule the wait estimate and the tests use.
 */
import {
  callKind,
  nextCall,
  type CallCandidate,
  type CallKind,
  type CallPolicy,
  type CallRecord,
} from './call-order.ts';
import type { TicketDoc } from './schemas.ts';

type CandidateTicket = Pick<TicketDoc, 'id' | 'queue' | 'issuedAt' | 'priority' | 'slotAt'>;
type CallTicket = CandidateTicket & Pick<TicketDoc, 'status' | 'history'>;

/** A stored ticket as the rule sees it: an appointment's ticket carries its slot (issued at check-in). */
export function candidateOf(t: CandidateTicket): CallCandidate {
  const c: CallCandidate = { id: t.id, queue: t.queue, issuedAt: t.issuedAt, priority: t.priority };
  if (t.slotAt !== undefined) c.slotAt = t.slotAt;
  return c;
}

/** The line a stored ticket is called from under the policy (a priority ticket is regular while the lane is off). */
export function ticketCallKind(t: CandidateTicket, policy: CallPolicy): CallKind {
  return callKind(candidateOf(t), policy);
}

/**
 * The calls made so far today: every `call` step (a recall is not a new call), at
 * one counter, or, given a queue instead, of that queue's tickets at any counter.
 */
export function callRecords(
  tickets: readonly CallTicket[],
  policy: CallPolicy,
  where: { counter: string } | { queue: string },
): CallRecord[] {
  const records: CallRecord[] = [];
  for (const t of tickets) {
    if ('queue' in where && t.queue !== where.queue) continue;
    for (const h of t.history) {
      if (h.action !== 'call' || ('counter' in where && h.counter !== where.counter)) continue;
      records.push({ at: h.at, kind: ticketCallKind(t, policy), issuedAt: t.issuedAt });
    }
  }
  return records;
}

export interface CallSequenceInput<T> {
  tickets: readonly T[];
  /** The queues served (one counter's, or one queue for a display's "coming next"). */
  queues: readonly string[];
  history: readonly CallRecord[];
  policy: CallPolicy;
  /** Epoch ms. */
  now: number;
}

/**
 * The next `count` waiting tickets in the order the rule would call them if nobody
 * else arrived: the first is exactly nextCall's choice; the rest assume each call
 * follows the previous one at once (so a forecast, not a promise).
 */
export function callSequence<T extends CallTicket>(input: CallSequenceInput<T>, count: number): T[] {
  const byId = new Map(input.tickets.filter((t) => t.status === 'waiting').map((t) => [t.id, t]));
  let waiting = [...byId.values()].map(candidateOf);
  const history = [...input.history];
  const sequence: T[] = [];
  for (let i = 0; i < count; i++) {
    // One millisecond apart, so the rule counts the forecast calls in their order.
    const at = input.now + i;
    const choice = nextCall({ waiting, queues: input.queues, history, policy: input.policy, now: at });
    if (!choice) break;
    sequence.push(byId.get(choice.ticket.id)!);
    waiting = waiting.filter((c) => c.id !== choice.ticket.id);
    history.push({ at, kind: choice.kind, issuedAt: choice.ticket.issuedAt });
  }
  return sequence;
}
