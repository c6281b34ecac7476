/**
 * How long until a ticket is called, estimated on the device from the station's
 * own recent service times, as a band in whole 5-minute steps ("about 10–20
 * minutes") and "about n people ahead". Pure and runtime-free: a kiosk estimates
 * offline exactly as a phone page served by the district would.
 *
 * How: the day is played forward many times with the real call-order rule
 * (call-order.ts, so the priority lane, appointments and counters that serve
 * several queues act exactly as they will), each counter busy for service times
 * drawn from the queue's own recent finished tickets, and priority residents
 * arriving at the rate the station saw in the last hour (they are the only later
 * arrivals who can go ahead). The band is the middle of the outcomes, widened
 * outward to 5-minute steps: a band, never a false "7 minutes".
 *
 * With fewer than MIN_SERVICE_SAMPLES finished tickets of the queue in the recent
 * window it says so instead of guessing; with no counter open for the queue it
 * says that (the wait depends on when someone opens one).
 */
import { callKind, nextCall, type CallCandidate, type CallPolicy, type CallRecord } from './call-order.ts';
import { prng } from './prng.ts';

const MINUTE = 60_000;

/**
 * Finished tickets of a queue needed before estimating. 20: the band is the middle
 * of a distribution learned from these tickets, and with fewer a single long
 * consultation moves it by minutes. Measured by bench/wait-estimate.ts (10 busy
 * simulated days, the estimator given only the latest k services per queue): the
 * actual wait fell inside the range 77 % of the time at k = 5, 82 % at 10, 84 % at
 * 20 and 86 % at 40; past 20 the gain is small while a new station would wait
 * twice as long before it shows any estimate.
 */
export const MIN_SERVICE_SAMPLES = 20;
/** Only service times this recent count: a station's pace changes with staff and season. */
export const RECENT_DAYS = 14;
/** At most this many latest services per queue are used. */
const MAX_SAMPLES = 200;
/** A "service" longer than this is a ticket left open, not a service time. */
const LONGEST_SERVICE = 4 * 60 * MINUTE;
/** Plays of the day; enough for stable 20th/80th percentiles, cheap enough for every screen update. */
const RUNS = 150;
/** The band: 20th to 80th percentile of the played outcomes (before widening to 5-minute steps). */
const BAND = [0.2, 0.8] as const;
const STEP_MINUTES = 5;
/** Priority arrivals are counted over this last stretch of the day. */
const ARRIVAL_WINDOW = 60 * MINUTE;

/** A finished ticket's times (epoch ms); the counter is busy from the call (the resident walks up) to the finish. */
export interface ServiceSample {
  queue: string;
  /** When it was (last) called; when absent, the service is counted from its start. */
  calledAt?: number;
  startedAt: number;
  endedAt: number;
}

/** A counter of the station as the estimate sees it. */
export interface CounterState {
  id: string;
  queues: readonly string[];
  /** Staffed now (someone signed in); only open counters call. */
  open: boolean;
  /** This counter's calls today (for the priority share, as in nextCall). */
  history: readonly CallRecord[];
  /** The ticket it is calling or serving now, if any: its queue and since when (call time). */
  busy?: { queue: string; since: number };
}

export interface WaitQuery {
  /** An existing waiting ticket (by id, one of `waiting`), or a ticket about to be taken now. */
  target: { id: string } | { queue: string; priority: boolean };
  /** The station's waiting tickets. */
  waiting: readonly CallCandidate[];
  counters: readonly CounterState[];
  /** Finished tickets; the recent ones of each queue are used. */
  samples: readonly ServiceSample[];
  /** Tickets issued today (any status), for the rate of priority arrivals. */
  issuedToday?: readonly { queue: string; priority: boolean; issuedAt: number }[];
  policy: CallPolicy;
  /** Epoch ms. */
  now: number;
}

/** What a screen says about the wait. Minutes are from `now` until the ticket is called. */
export type WaitEstimate =
  | { kind: 'estimate'; ahead: number; lowMinutes: number; highMinutes: number }
  | { kind: 'not_enough_data'; ahead: number }
  | { kind: 'no_open_counter'; ahead: number };

export interface WaitOptions {
  /** Overrides MIN_SERVICE_SAMPLES (the benchmark compares thresholds). */
  minSamples?: number;
}

const NEW_TICKET_ID = '\u0000new';

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (i - lo);
}

/** Counter-busy times per queue, latest first, from the recent window. */
function recentServiceTimes(samples: readonly ServiceSample[], now: number): Map<string, number[]> {
  const since = now - RECENT_DAYS * 24 * 60 * MINUTE;
  const byQueue = new Map<string, { endedAt: number; ms: number }[]>();
  for (const s of samples) {
    if (s.endedAt < since || s.endedAt > now) continue;
    const from = s.calledAt !== undefined && s.calledAt <= s.startedAt ? s.calledAt : s.startedAt;
    const ms = s.endedAt - from;
    if (!(ms > 0 && ms <= LONGEST_SERVICE)) continue;
    const list = byQueue.get(s.queue) ?? [];
    list.push({ endedAt: s.endedAt, ms });
    byQueue.set(s.queue, list);
  }
  const times = new Map<string, number[]>();
  for (const [queue, list] of byQueue) {
    list.sort((a, b) => b.endedAt - a.endedAt);
    times.set(
      queue,
      list.slice(0, MAX_SAMPLES).map((x) => x.ms),
    );
  }
  return times;
}

interface Play {
  waiting: readonly CallCandidate[];
  targetId: string;
  counters: readonly CounterState[];
  policy: CallPolicy;
  now: number;
  /** A service time for a queue; `elapsed` for one already running (returns what is left). */
  serviceMs: (queue: string, elapsed?: number) => number;
  /** The next priority arrival after `t` (or Infinity), and its queue. */
  nextArrival?: (t: number) => { at: number; queue: string };
}

/** One play of the day forward with the real rule; returns when the target is called and how many were called before it at counters that serve its queue. */
function play({ waiting, targetId, counters, policy, now, serviceMs, nextArrival }: Play) {
  const line = [...waiting];
  const target = line.find((t) => t.id === targetId);
  if (!target) return null;
  const state = counters.map((c) => ({
    queues: c.queues,
    history: [...c.history],
    freeAt: c.busy && c.busy.since <= now ? now + serviceMs(c.busy.queue, now - c.busy.since) : now,
  }));
  let arrival = nextArrival?.(now);
  let ahead = 0;
  let serial = 0;
  // Bounded: every turn calls someone or moves a counter's clock to the next arrival.
  for (let turn = 0; turn < 5000; turn++) {
    let c: (typeof state)[number] | undefined;
    for (const s of state) if (s.freeAt < Infinity && (!c || s.freeAt < c.freeAt)) c = s;
    if (!c) return null;
    const t = c.freeAt;
    while (arrival && arrival.at <= t) {
      line.push({ id: `\u0000p${serial++}`, queue: arrival.queue, issuedAt: arrival.at, priority: true });
      arrival = nextArrival?.(arrival.at);
    }
    const choice = nextCall({ waiting: line, queues: c.queues, history: c.history, policy, now: t });
    if (!choice) {
      c.freeAt = arrival && arrival.at < Infinity ? arrival.at : Infinity;
      continue;
    }
    if (choice.ticket.id === targetId) return { calledAt: t, ahead };
    if (c.queues.includes(target.queue)) ahead++;
    line.splice(line.indexOf(choice.ticket), 1);
    c.history.push({ at: t, kind: choice.kind, issuedAt: choice.ticket.issuedAt });
    c.freeAt = t + serviceMs(choice.ticket.queue);
  }
  return null;
}

/** The query's waiting tickets with the one about to be taken (a `{ queue, priority }` target) added at `now`. */
function lineOf(query: WaitQuery): { waiting: readonly CallCandidate[]; targetId: string } {
  const { target, now } = query;
  if ('id' in target) return { waiting: query.waiting, targetId: target.id };
  return {
    waiting: [...query.waiting, { id: NEW_TICKET_ID, queue: target.queue, issuedAt: now, priority: target.priority }],
    targetId: NEW_TICKET_ID,
  };
}

/** The median of the queue's recent service times, else of every queue's, else 5 minutes. */
function typicalServiceMs(times: ReadonlyMap<string, number[]>, queue: string): number {
  const own = times.get(queue) ?? [];
  const pooled = own.length ? own : [...times.values()].flat();
  return pooled.length
    ? quantile(
        [...pooled].sort((a, b) => a - b),
        0.5,
      )
    : 5 * MINUTE;
}

/**
 * "About n people ahead": how many the call-order rule (call-order.ts) calls before
 * the target at the counters that serve its queue — so a priority ticket or a due
 * appointment that will be called first counts, and one that will be called later
 * does not, whatever the issue times. The day is played once with every service at
 * the queue's typical length, at the open counters (all of them when none is open);
 * when no counter serves the queue at all, it is the waiting tickets of the queue
 * issued earlier. Cheap (one play), so a screen or a printed ticket can show it at
 * once; estimateWait gives the same count with its band. 0 when the target is not waiting.
 */
export function peopleAhead(query: WaitQuery): number {
  const { waiting, targetId } = lineOf(query);
  const target = waiting.find((t) => t.id === targetId);
  if (!target) return 0;
  return aheadOf(query, waiting, target, typicalServiceMs(recentServiceTimes(query.samples, query.now), target.queue));
}

function aheadOf(query: WaitQuery, waiting: readonly CallCandidate[], target: CallCandidate, typical: number): number {
  const anyOpen = query.counters.some((c) => c.open && c.queues.includes(target.queue));
  const orderCounters = (anyOpen ? query.counters.filter((c) => c.open) : query.counters).map((c) => ({
    ...c,
    busy: undefined,
  }));
  const { policy, now } = query;
  const order = play({ waiting, targetId: target.id, counters: orderCounters, policy, now, serviceMs: () => typical });
  return order?.ahead ?? waiting.filter((t) => t.queue === target.queue && t.issuedAt < target.issuedAt).length;
}

/** The estimated wait for a ticket; see the module comment for how and when it declines. */
export function estimateWait(query: WaitQuery, options: WaitOptions = {}): WaitEstimate {
  const { policy, now } = query;
  const minSamples = options.minSamples ?? MIN_SERVICE_SAMPLES;
  const { waiting, targetId } = lineOf(query);
  const target = waiting.find((t) => t.id === targetId);
  // A ticket no longer waiting (called, or unknown here) has no wait to estimate.
  if (!target) return { kind: 'not_enough_data', ahead: 0 };

  const times = recentServiceTimes(query.samples, now);
  const pooled = [...times.values()].flat();
  const own = times.get(target.queue) ?? [];
  const typical = typicalServiceMs(times, target.queue);

  const open = query.counters.filter((c) => c.open && c.queues.includes(target.queue));
  const ahead = aheadOf(query, waiting, target, typical);

  if (!open.length) return { kind: 'no_open_counter', ahead };
  if (own.length < minSamples) return { kind: 'not_enough_data', ahead };

  // Seeded: the same inputs give the same band, so a screen never flickers between guesses.
  const rand = prng(0x5eed);
  const draw = (queue: string) => {
    const list = (times.get(queue)?.length ?? 0) >= minSamples ? (times.get(queue) ?? own) : pooled;
    return list[Math.floor(rand() * list.length)] ?? typical;
  };
  const serviceMs = (queue: string, elapsed?: number) => {
    if (elapsed === undefined) return draw(queue);
    // A service already running: what is left of one at least this long (a minute if none on record ran longer).
    const longer = (times.get(queue) ?? pooled).filter((ms) => ms > elapsed);
    const pick = longer[Math.floor(rand() * longer.length)];
    return pick === undefined ? MINUTE : pick - elapsed;
  };

  const openCounters = query.counters.filter((c) => c.open);
  const queuesOfOpen = new Set(openCounters.flatMap((c) => c.queues));
  const recentPriority = (query.issuedToday ?? []).filter(
    (t) =>
      t.issuedAt > now - ARRIVAL_WINDOW &&
      t.issuedAt <= now &&
      queuesOfOpen.has(t.queue) &&
      callKind({ id: '', ...t }, policy) === 'priority',
  );
  const perMs = recentPriority.length / ARRIVAL_WINDOW;
  const nextArrival = perMs
    ? (t: number) => ({
        at: t - Math.log(1 - rand()) / perMs,
        queue: recentPriority[Math.floor(rand() * recentPriority.length)]?.queue ?? target.queue,
      })
    : undefined;

  const outcomes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = play({
      waiting,
      targetId,
      counters: openCounters,
      policy,
      now,
      serviceMs,
      nextArrival,
    });
    if (result) outcomes.push(Math.max(0, result.calledAt - now));
  }
  if (!outcomes.length) return { kind: 'not_enough_data', ahead };
  outcomes.sort((a, b) => a - b);
  const low = Math.floor(quantile(outcomes, BAND[0]) / MINUTE / STEP_MINUTES) * STEP_MINUTES;
  const high = Math.max(
    low + STEP_MINUTES,
    Math.ceil(quantile(outcomes, BAND[1]) / MINUTE / STEP_MINUTES) * STEP_MINUTES,
  );
  return { kind: 'estimate', ahead, lowMinutes: low, highMinutes: high };
}
