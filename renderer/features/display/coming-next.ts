/**
 * What the display says is coming: per queue, the next few numbers in the order the
 * station's call-order rule (sync/protocol/call-order.ts) would call them. Pure.
 *
 * The rule decides per counter, from each counter's own calls; a wall screen shows
 * a queue, so this runs the rule as if one counter served the queue, with the
 * queue's calls today at every counter as its history. With the lane off that is
 * plain issue order, exactly what the counters call.
 */
import type { CallPolicy } from '#protocol/call-order.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { callRecords, callSequence } from '#protocol/ticket-calls.ts';

export interface ComingNext {
  letter: string;
  next: Pick<TicketDoc, 'id' | 'number' | 'priority'>[];
  /** How many more wait after the ones shown. */
  more: number;
}

/** Every queue of the station with someone waiting, in the station's order, each with its next `perQueue` numbers. */
export function comingNext(
  tickets: readonly TicketDoc[],
  station: Pick<StationDoc, 'queues'>,
  policy: CallPolicy,
  now: number,
  perQueue = 3,
): ComingNext[] {
  const rows: ComingNext[] = [];
  for (const { letter } of station.queues) {
    const ofQueue = tickets.filter((t) => t.queue === letter);
    const waiting = ofQueue.filter((t) => t.status === 'waiting').length;
    if (waiting === 0) continue;
    const history = callRecords(ofQueue, policy, { queue: letter });
    const next = callSequence({ tickets: ofQueue, queues: [letter], history, policy, now }, perQueue);
    rows.push({
      letter,
      next: next.map(({ id, number, priority }) => ({ id, number, priority })),
      more: waiting - next.length,
    });
  }
  return rows;
}
