/**
 * Where a ticket sends the resident, decided once for the screen and the paper.
 * At issue time nobody knows which counter will call the number when several
 * counters serve its queue, so the ticket must not name one: it names the queue's
 * waiting area and says to watch the calling screen; the display then names the
 * counter that actually called. Runtime-free.
 */
import { LANGUAGES, type LocalizedText } from './languages.ts';
import type { StationDoc } from './schemas.ts';

export type TicketPlace =
  /** One counter (or none listed) serves the queue: go straight there. */
  | { kind: 'go'; place: LocalizedText }
  /** Several counters serve it: wait in the queue's area and watch the screen for the counter. */
  | { kind: 'wait'; place: LocalizedText }
  /** Several counters serve it and the station names no waiting area: watch the screen. */
  | { kind: 'watch' };

type Counter = NonNullable<StationDoc['counters']>[number];

function sameText(a: LocalizedText, b: LocalizedText): boolean {
  return LANGUAGES.some((lang) => a[lang] === b[lang]);
}

export function ticketPlace(station: Pick<StationDoc, 'queues' | 'counters'>, queueLetter: string): TicketPlace {
  const queue = station.queues.find((q) => q.letter === queueLetter);
  const counters: readonly Counter[] = station.counters ?? [];
  const serving = counters.filter((c) => c.queues.includes(queueLetter));
  // A queue's "where to go" that is a counter's name ("2号窗口") is true only when
  // that counter is the one serving the queue.
  const namedCounter = queue && counters.find((c) => sameText(c.name, queue.location));
  if (serving.length === 1) {
    const only = serving[0]!;
    return { kind: 'go', place: namedCounter && namedCounter !== only ? only.name : (queue?.location ?? only.name) };
  }
  if (!queue) return { kind: 'watch' };
  if (serving.length === 0) return { kind: 'go', place: queue.location };
  return namedCounter ? { kind: 'watch' } : { kind: 'wait', place: queue.location };
}
