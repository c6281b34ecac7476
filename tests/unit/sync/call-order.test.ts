import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appointmentCheckIn,
  callKind,
  nextCall,
  type CallCandidate,
  type CallPolicy,
  type CallRecord,
} from '#protocol/call-order.ts';
import {
  DAY_START,
  MINUTE,
  fifoChooser,
  simulateDay,
  type SimCounter,
  type SimTicket,
} from '#tests/fixtures/queue-day.ts';

const at = (minute: number) => DAY_START + minute * MINUTE;
const policyOf = (
  priority: Partial<CallPolicy['priority']> = {},
  appointments: Partial<CallPolicy['appointments']> = {},
) => ({
  priority: { enabled: true, everyN: 2, maxExtraWaitMinutes: 15, ...priority },
  appointments: { earlyMinutes: 30, lateMinutes: 10, ...appointments },
});
const walkIn = (id: string, minute: number, priority = false, queue = 'A'): CallCandidate => ({
  id,
  queue,
  issuedAt: at(minute),
  priority,
});

/** Calls one counter's whole line at `minute`, one call per `everyMinutes`, as a counter working through it would. */
function callAll(waiting: CallCandidate[], policy: CallPolicy, minute: number, everyMinutes = 5) {
  const line = [...waiting];
  const history: CallRecord[] = [];
  const called: string[] = [];
  for (let now = at(minute); line.length; now += everyMinutes * MINUTE) {
    const choice = nextCall({ waiting: line, queues: ['A', 'B'], history, policy, now });
    if (!choice) break;
    called.push(choice.ticket.id);
    history.push({ at: now, kind: choice.kind, issuedAt: choice.ticket.issuedAt });
    line.splice(line.indexOf(choice.ticket), 1);
  }
  return called;
}

describe('call order: examples a reader can follow', () => {
  it('calls in issue order, priority or not, while the station has priority off', () => {
    const line = [walkIn('A001', 0), walkIn('A002', 1, true), walkIn('A003', 2)];
    expect(callAll(line, policyOf({ enabled: false }), 10)).toEqual(['A001', 'A002', 'A003']);
  });

  it('lets one priority resident go ahead for every two regular calls when both wait', () => {
    const line = [
      walkIn('A001', 0),
      walkIn('A002', 1),
      walkIn('A003', 2),
      walkIn('A004', 3),
      walkIn('A005', 4, true),
      walkIn('A006', 5, true),
      walkIn('A007', 6, true),
    ];
    expect(callAll(line, policyOf({ everyN: 2, maxExtraWaitMinutes: 120 }), 10)).toEqual([
      'A005', // the day's first priority call goes straight ahead
      'A001',
      'A002',
      'A006',
      'A003',
      'A004',
      'A007',
    ]);
  });

  it('calls waiting priority residents one after another when no regular ticket waits', () => {
    const line = [walkIn('A001', 0, true), walkIn('A002', 1, true)];
    expect(callAll(line, policyOf({ everyN: 3 }), 10)).toEqual(['A001', 'A002']);
  });

  it('stops anyone passing a regular resident once priority has delayed them the set minutes', () => {
    // A001 waits from 08:30; appointments are due from 08:40 and keep coming.
    const line: CallCandidate[] = [walkIn('A001', 0)];
    for (let i = 0; i < 6; i++) line.push({ ...walkIn(`A10${i}`, 5), slotAt: at(10) });
    const called = callAll(line, policyOf({ maxExtraWaitMinutes: 10 }), 10, 4);
    // Calls at 08:40, 44, 48 pass A001; at 08:52 it has been passed over for 12 ≥ 10 minutes.
    expect(called.slice(0, 4)).toEqual(['A100', 'A101', 'A102', 'A001']);
  });

  it('calls an appointment at its slot, ahead of walk-ins, and early only when the counter would stand idle', () => {
    const policy = policyOf();
    const appointment: CallCandidate = { ...walkIn('A050', 0), slotAt: at(30) };
    const line = [appointment, walkIn('A001', 1), walkIn('A002', 2)];
    const before = nextCall({ waiting: line, queues: ['A'], history: [], policy, now: at(20) });
    expect(before?.ticket.id).toBe('A001');
    const atSlot = nextCall({ waiting: line, queues: ['A'], history: [], policy, now: at(30) });
    expect(atSlot).toMatchObject({ ticket: { id: 'A050' }, reason: 'appointment_due' });
    const alone = nextCall({ waiting: [appointment], queues: ['A'], history: [], policy, now: at(5) });
    expect(alone).toMatchObject({ ticket: { id: 'A050' }, reason: 'appointment_early' });
  });

  it('applies the documented early and late rule at check-in', () => {
    const policy = policyOf({}, { earlyMinutes: 30, lateMinutes: 10 });
    const slot = at(60);
    expect(appointmentCheckIn(slot, at(29), policy)).toBe('too_early');
    expect(appointmentCheckIn(slot, at(30), policy)).toBe('on_time');
    expect(appointmentCheckIn(slot, at(60), policy)).toBe('on_time');
    expect(appointmentCheckIn(slot, at(65), policy)).toBe('late');
    expect(appointmentCheckIn(slot, at(70), policy)).toBe('late');
    expect(appointmentCheckIn(slot, at(71), policy)).toBe('too_late');
    // A resident checked in too late joins the walk-ins' line in issue order.
    expect(callKind({ ...walkIn('A060', 71), slotAt: slot }, policy)).toBe('regular');
    expect(callKind({ ...walkIn('A061', 65), slotAt: slot }, policy)).toBe('appointment');
  });

  it('ignores the queues the counter does not serve and says when nobody waits', () => {
    const policy = policyOf();
    const line = [walkIn('B001', 0, false, 'B')];
    expect(nextCall({ waiting: line, queues: ['A'], history: [], policy, now: at(5) })).toBeNull();
    expect(nextCall({ waiting: line, queues: ['A', 'B'], history: [], policy, now: at(5) })?.ticket.id).toBe('B001');
  });
});

// ——— property tests over simulated days ———

const ticketArb = fc.record({
  /** Where in the day's span the resident arrives, 0–1. */
  when: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
  queue: fc.constantFrom('A', 'B'),
  /** Against the day's mix: below the priority share a priority walk-in, then an appointment, else regular. */
  draw: fc.integer({ min: 0, max: 99 }).map((n) => n / 100),
  slotMinute: fc.integer({ min: 0, max: 16 }).map((i) => i * 15),
  checkInOffset: fc.integer({ min: -40, max: 20 }),
  serviceMinutes: fc.integer({ min: 5, max: 200 }).map((n) => n / 10),
  walkMinutes: fc.integer({ min: 0, max: 15 }).map((n) => n / 10),
  noShow: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

/** Quiet days and rushes (everyone within half an hour), few priority residents and many. */
const mixArb = fc.record({
  spanMinutes: fc.constantFrom(15, 30, 30, 90, 240),
  priorityShare: fc.constantFrom(0.1, 0.3, 0.5, 0.5),
  appointmentShare: fc.constantFrom(0, 0.15, 0.3),
});

const policyArb = fc.record({
  priority: fc.record({
    enabled: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    everyN: fc.integer({ min: 1, max: 4 }),
    maxExtraWaitMinutes: fc.integer({ min: 3, max: 30 }),
  }),
  appointments: fc.record({
    earlyMinutes: fc.integer({ min: 5, max: 30 }),
    lateMinutes: fc.integer({ min: 0, max: 15 }),
  }),
});

const countersArb = fc
  .array(fc.subarray(['A', 'B'], { minLength: 1 }), { minLength: 1, maxLength: 3 })
  .map((sets) => sets.map((queues, i): SimCounter => ({ id: `w${i + 1}`, queues })));

const dayArb = fc.record({
  policy: policyArb,
  counters: countersArb,
  tickets: fc.tuple(mixArb, fc.array(ticketArb, { minLength: 1, maxLength: 60, size: 'max' })).map(([mix, raw]) =>
    raw.map((r, i): SimTicket => {
      const kind =
        r.draw < mix.priorityShare
          ? 'priority'
          : r.draw < mix.priorityShare + mix.appointmentShare
            ? 'appointment'
            : 'regular';
      const base = {
        id: `t${String(i).padStart(3, '0')}`,
        queue: r.queue,
        priority: kind === 'priority',
        walkMs: r.walkMinutes * MINUTE,
        serviceMs: r.serviceMinutes * MINUTE,
        ...(r.noShow ? { noShow: true } : {}),
      };
      return kind === 'appointment'
        ? { ...base, slotAt: at(r.slotMinute), issuedAt: at(Math.max(0, r.slotMinute + r.checkInOffset)) }
        : { ...base, issuedAt: Math.round(at(r.when * mix.spanMinutes)) };
    }),
  ),
});

/** Every queue served by some counter, so every ticket is eventually called. */
const servedDay = dayArb.filter(({ counters, tickets }) =>
  tickets.every((t) => counters.some((c) => c.queues.includes(t.queue))),
);

const RUNS = { numRuns: 300 };

/** Issue order, as the rule breaks ties: time, then id. */
const issuedBefore = (a: SimTicket, b: SimTicket) =>
  a.issuedAt < b.issuedAt || (a.issuedAt === b.issuedAt && a.id < b.id);

describe('call order: properties over random days', () => {
  it('calls everyone, never a ticket from a queue the counter does not serve, and never leaves a counter idle while its queues wait', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({
          tickets,
          counters,
          policy,
          chooser: (input) => {
            const choice = nextCall(input);
            if (!choice) expect(input.waiting.filter((t) => input.queues.includes(t.queue))).toEqual([]);
            return choice;
          },
        });
        expect(day.calledAt.size).toBe(tickets.length);
        for (const call of day.calls) {
          const counter = counters.find((c) => c.id === call.counter);
          expect(counter?.queues).toContain(call.ticket.queue);
        }
      }),
      RUNS,
    );
  });

  it('(a) spends no more than the set minutes of a counter on tickets that go ahead of a regular one (plus the one under way)', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({ tickets, counters, policy });
        const limit = policy.priority.maxExtraWaitMinutes * MINUTE;
        for (const counter of counters) {
          const calls = day.calls.filter((c) => c.counter === counter.id);
          for (const w of tickets.filter(
            (t) => callKind(t, policy) === 'regular' && counter.queues.includes(t.queue),
          )) {
            let extra = 0;
            calls.forEach((call, i) => {
              if (call.kind === 'regular' || issuedBefore(call.ticket, w) || !call.waiting.includes(w)) return;
              // This call went ahead of w: allowed only while w's extra wait here is under the limit.
              expect(extra).toBeLessThan(limit);
              extra += (calls[i + 1]?.at ?? call.at) - call.at;
            });
          }
        }
      }),
      RUNS,
    );
  });

  it('(a) keeps a regular ticket within the set minutes (plus one service) of its wait in plain issue order, at a one-counter station', () => {
    fc.assert(
      fc.property(dayArb, ({ policy, tickets }) => {
        const counters = [{ id: 'w1', queues: ['A', 'B'] }];
        const ruled = simulateDay({ tickets, counters, policy });
        const plain = simulateDay({ tickets, counters, policy, chooser: fifoChooser });
        const longest = Math.max(...tickets.map((t) => t.walkMs + (t.noShow ? 0 : t.serviceMs)));
        for (const w of tickets.filter((t) => callKind(t, policy) === 'regular')) {
          const extra = (ruled.calledAt.get(w.id) ?? NaN) - (plain.calledAt.get(w.id) ?? NaN);
          expect(extra).toBeLessThanOrEqual(policy.priority.maxExtraWaitMinutes * MINUTE + longest);
        }
      }),
      RUNS,
    );
  });

  it('(b) never lets priority go ahead more often than once per N regular calls while regular tickets wait', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({ tickets, counters, policy });
        for (const counter of counters) {
          const calls = day.calls.filter((c) => c.counter === counter.id);
          let regularSince: number | null = null; // null: no priority call yet today
          for (const call of calls) {
            if (call.kind === 'priority') {
              const passes = call.waiting.some(
                (t) => callKind(t, policy) === 'regular' && issuedBefore(t, call.ticket),
              );
              if (passes && regularSince !== null) expect(regularSince).toBeGreaterThanOrEqual(policy.priority.everyN);
              regularSince = 0;
            } else if (call.kind === 'regular' && regularSince !== null) {
              regularSince++;
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('never calls a priority resident after a regular resident of the same queue who came later', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({ tickets, counters, policy });
        for (const call of day.calls.filter((c) => c.kind === 'regular')) {
          const olderPriority = call.waiting.filter(
            (t) =>
              callKind(t, policy) === 'priority' && t.queue === call.ticket.queue && t.issuedAt < call.ticket.issuedAt,
          );
          expect(olderPriority).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('(c) calls each queue\u2019s regular and priority tickets in issue order: numbers are never reordered within a line', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({ tickets, counters, policy });
        const order = new Map(day.calls.map((c, i) => [c.ticket.id, i]));
        for (const kind of ['regular', 'priority'] as const) {
          for (const queue of ['A', 'B']) {
            const line = tickets
              .filter((t) => t.queue === queue && callKind(t, policy) === kind)
              .sort((a, b) => a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : 1))
              .map((t) => order.get(t.id) ?? -1);
            expect(line).toEqual([...line].sort((a, b) => a - b));
          }
        }
      }),
      RUNS,
    );
  });

  it('(d) calls a due appointment at the first call after its slot unless an earlier slot comes first or the fairness bound holds it for someone there before it', () => {
    fc.assert(
      fc.property(servedDay, ({ policy, counters, tickets }) => {
        const day = simulateDay({ tickets, counters, policy });
        for (const call of day.calls) {
          const due = call.waiting.filter(
            (t) =>
              t.slotAt !== undefined &&
              t.slotAt <= call.at &&
              callKind(t, policy) === 'appointment' &&
              t !== call.ticket,
          );
          for (const a of due) {
            const earlierSlot =
              call.kind === 'appointment' && call.ticket.slotAt !== undefined && call.ticket.slotAt <= (a.slotAt ?? 0);
            // The fairness bound may hold it back for someone who was there before it checked in.
            const heldForOlder =
              call.reason !== 'regular' && call.reason !== 'appointment_early' && issuedBefore(call.ticket, a);
            expect(earlierSlot || heldForOlder).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('(d) calls an on-time appointment at its slot when the counter is free then', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 5, max: 25 }), (policy, early) => {
        const slotAt = at(60);
        const tickets: SimTicket[] = [
          {
            id: 'a',
            queue: 'A',
            priority: false,
            slotAt,
            issuedAt: slotAt - early * 60_000,
            walkMs: 0,
            serviceMs: MINUTE,
          },
          // Walk-ins arriving steadily keep the counter busy with short services, ending before the slot.
          ...Array.from({ length: 12 }, (_, i) => ({
            id: `w${i}`,
            queue: 'A',
            priority: false,
            issuedAt: at(i * 5),
            walkMs: 0,
            serviceMs: 5 * MINUTE,
          })),
        ];
        const day = simulateDay({ tickets, counters: [{ id: 'w1', queues: ['A'] }], policy });
        expect(day.calledAt.get('a')).toBe(slotAt);
      }),
      { numRuns: 50 },
    );
  });
});
