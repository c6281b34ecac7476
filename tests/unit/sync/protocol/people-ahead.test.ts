/**
 * "About n people ahead" is counted in the order the counters will call, not in
 * issue order: a later priority ticket the rule calls first is ahead of a regular
 * resident, a due appointment is ahead of earlier walk-ins, and an appointment whose
 * slot comes after a walk-in is called is not. The ticket screen, the printed
 * ticket and the phone page all show this one count (peopleAhead, which the
 * estimate's `ahead` is).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallCandidate, CallPolicy } from '#protocol/call-order.ts';
import { estimateWait, peopleAhead, type ServiceSample, type WaitQuery } from '#protocol/wait-estimate.ts';

const MINUTE = 60_000;
const DAY_START = Date.UTC(2026, 10, 24, 1, 0);
const at = (minute: number) => DAY_START + minute * MINUTE;
const NOW = at(60);

const policy = (enabled: boolean, everyN = 2): CallPolicy => ({
  priority: { enabled, everyN, maxExtraWaitMinutes: 15 },
  appointments: { earlyMinutes: 30, lateMinutes: 10 },
});
const regular = (id: string, minute: number, queue = 'A'): CallCandidate => ({
  id,
  queue,
  issuedAt: at(minute),
  priority: false,
});
const priority = (id: string, minute: number): CallCandidate => ({ ...regular(id, minute), priority: true });
/** An appointment ticket checked in at `minute` for the slot starting at `slotMinute`. */
const appointment = (id: string, minute: number, slotMinute: number): CallCandidate => ({
  ...regular(id, minute),
  slotAt: at(slotMinute),
});
/** 30 finished services of queue A yesterday, 10 minutes each: the typical service is 10 minutes. */
const samples: ServiceSample[] = Array.from({ length: 30 }, (_, i) => {
  const startedAt = at(-24 * 60 + i * 15);
  return { queue: 'A', calledAt: startedAt, startedAt, endedAt: startedAt + 10 * MINUTE };
});
const counter = (id: string, queues: string[]) => ({ id, queues, open: true, history: [] });

function aheadOf(id: string, waiting: CallCandidate[], over: Partial<WaitQuery> = {}): number {
  return peopleAhead({
    target: { id },
    waiting,
    counters: [counter('1', ['A'])],
    samples,
    policy: policy(true),
    now: NOW,
    ...over,
  });
}

describe('people ahead, in call order', () => {
  it('counts the regular tickets issued earlier, one counter, no lane', () => {
    const line = [regular('A001', 40), regular('A002', 41), regular('A003', 42)];
    expect(line.map((t) => aheadOf(t.id, line))).toEqual([0, 1, 2]);
  });

  it('puts a later priority ticket that is called first ahead of an earlier regular one', () => {
    const line = [regular('A001', 40), priority('A002', 45)];
    // The counter has made no priority call today, so the lane's ticket is called first.
    expect(aheadOf('A001', line)).toBe(1);
    expect(aheadOf('A002', line)).toBe(0);
    // With the lane off, the same tickets are called in issue order.
    expect(aheadOf('A001', line, { policy: policy(false) })).toBe(0);
    expect(aheadOf('A002', line, { policy: policy(false) })).toBe(1);
  });

  it('lets only the share of priority calls the rule allows go ahead', () => {
    // One priority call for every 2 regular ones: the second priority resident waits behind A001.
    const line = [regular('A001', 40), priority('A002', 45), priority('A003', 46)];
    expect(aheadOf('A001', line)).toBe(1);
    expect(aheadOf('A003', line)).toBe(2);
  });

  it('puts a due appointment ahead of earlier walk-ins, and one whose slot comes later behind them', () => {
    // Checked in at 55 for 55: due now. Checked in at 50 for 80: called when its slot comes.
    const line = [regular('A001', 40), regular('A002', 41), appointment('A010', 55, 55), appointment('A011', 50, 80)];
    expect(aheadOf('A001', line)).toBe(1);
    expect(aheadOf('A010', line)).toBe(0);
    // At 10 minutes a service: A010 now, A001 at 70; at 80 the slot of A011 has come, so it goes before A002.
    expect(aheadOf('A011', line)).toBe(2);
    expect(aheadOf('A002', line)).toBe(3);
  });

  it("counts those called before at the counters that serve the ticket's queue, from other queues too", () => {
    // Counter 1 serves A and B: the earlier B ticket takes it first.
    const line = [regular('B001', 30, 'B'), regular('A001', 40)];
    expect(aheadOf('A001', line, { counters: [counter('1', ['A', 'B'])] })).toBe(1);
    // A counter of its own for A: nobody is ahead.
    expect(aheadOf('A001', line, { counters: [counter('1', ['A']), counter('2', ['B'])] })).toBe(0);
  });

  it('counts a number about to be taken as the rule will call it', () => {
    const line = [regular('A001', 40), regular('A002', 41)];
    const query = { waiting: line, counters: [counter('1', ['A'])], samples, policy: policy(true), now: NOW };
    expect(peopleAhead({ ...query, target: { queue: 'A', priority: false } })).toBe(2);
    expect(peopleAhead({ ...query, target: { queue: 'A', priority: true } })).toBe(0);
  });

  it('over random mixes at one counter, gives every waiting ticket its own place, the same as the estimate says', () => {
    const ticket = fc.record({
      minute: fc.integer({ min: 0, max: 59 }),
      kind: fc.constantFrom('regular', 'priority', 'appointment'),
      slot: fc.integer({ min: 0, max: 150 }),
    });
    fc.assert(
      fc.property(fc.array(ticket, { minLength: 1, maxLength: 10 }), fc.boolean(), (specs, laneOn) => {
        const line = specs.map((s, i) => {
          const id = `A${String(i + 1).padStart(3, '0')}`;
          if (s.kind === 'priority') return priority(id, s.minute);
          // Checked in no earlier than the check-in window allows.
          if (s.kind === 'appointment') return appointment(id, Math.max(s.minute, s.slot - 30), s.slot);
          return regular(id, s.minute);
        });
        const waiting = line.filter((t) => t.issuedAt <= NOW);
        fc.pre(waiting.length > 0);
        const query = { waiting, counters: [counter('1', ['A'])], samples, policy: policy(laneOn), now: NOW };
        const places = waiting.map((t) => peopleAhead({ ...query, target: { id: t.id } }));
        expect([...places].sort((a, b) => a - b)).toEqual(waiting.map((_, i) => i));
        // The estimate (150 plays, so only for the last ticket) says the same count.
        expect(estimateWait({ ...query, target: { id: waiting.at(-1)!.id } }).ahead).toBe(places.at(-1));
      }),
      { numRuns: 100 },
    );
  });
});
