import { describe, expect, it } from 'vitest';
import type { CallCandidate, CallPolicy } from '#protocol/call-order.ts';
import { MIN_SERVICE_SAMPLES, estimateWait, type ServiceSample, type WaitQuery } from '#protocol/wait-estimate.ts';
import { DAY_START, MINUTE, bimodal, logNormal } from '#tests/fixtures/queue-day.ts';
import { TRIAL_POLICY, describeFigures, runTrial, stationPlan } from '#tests/fixtures/wait-trial.ts';

const at = (minute: number) => DAY_START + minute * MINUTE;
const POLICY: CallPolicy = {
  priority: { enabled: true, everyN: 2, maxExtraWaitMinutes: 15 },
  appointments: { earlyMinutes: 30, lateMinutes: 10 },
};
const walkIn = (id: string, minute: number, queue = 'A', priority = false): CallCandidate => ({
  id,
  queue,
  issuedAt: at(minute),
  priority,
});
/** `n` finished tickets of a queue yesterday, each `minutes` long. */
const history = (queue: string, n: number, minutes: (i: number) => number): ServiceSample[] =>
  Array.from({ length: n }, (_, i) => {
    const startedAt = at(-24 * 60 + i * 20);
    return { queue, calledAt: startedAt, startedAt, endedAt: startedAt + minutes(i) * MINUTE };
  });
const counter = (id: string, queues: string[], open = true) => ({ id, queues, open, history: [] });
const query = (over: Partial<WaitQuery>): WaitQuery => ({
  target: { queue: 'A', priority: false },
  waiting: [],
  counters: [counter('w1', ['A'])],
  samples: history('A', 30, (i) => 8 + (i % 5)),
  policy: POLICY,
  now: at(60),
  ...over,
});

describe('wait estimate: examples a reader can follow', () => {
  it('gives a band in 5-minute steps for three people ahead at one counter taking 8–12 minutes each', () => {
    const waiting = [walkIn('A001', 50), walkIn('A002', 52), walkIn('A003', 55)];
    const estimate = estimateWait(query({ waiting }));
    expect(estimate.kind).toBe('estimate');
    if (estimate.kind !== 'estimate') return;
    expect(estimate.ahead).toBe(3);
    expect(estimate.lowMinutes % 5).toBe(0);
    expect(estimate.highMinutes % 5).toBe(0);
    // Three services of 8–12 minutes: about half an hour, never "31 minutes".
    expect(estimate.lowMinutes).toBeGreaterThanOrEqual(25);
    expect(estimate.highMinutes).toBeLessThanOrEqual(40);
    expect(estimate.highMinutes).toBeGreaterThan(estimate.lowMinutes);
  });

  it('says 0–5 minutes when nobody is ahead and the counter is free', () => {
    expect(estimateWait(query({}))).toEqual({ kind: 'estimate', ahead: 0, lowMinutes: 0, highMinutes: 5 });
  });

  it('counts a second open counter: the same line waits about half as long', () => {
    const waiting = Array.from({ length: 8 }, (_, i) => walkIn(`A00${i}`, 40 + i));
    const one = estimateWait(query({ waiting }));
    const two = estimateWait(query({ waiting, counters: [counter('w1', ['A']), counter('w2', ['A'])] }));
    if (one.kind !== 'estimate' || two.kind !== 'estimate') throw new Error('expected two estimates');
    expect(two.highMinutes).toBeLessThan(one.lowMinutes);
    expect(one.ahead).toBe(8);
  });

  it('counts the priority residents who will go ahead of a new regular ticket', () => {
    const regulars = [walkIn('A001', 40), walkIn('A002', 41)];
    const priority = [walkIn('A003', 42, 'A', true), walkIn('A004', 43, 'A', true)];
    expect(estimateWait(query({ waiting: regulars })).kind).toBe('estimate');
    const without = estimateWait(query({ waiting: regulars }));
    const withPriority = estimateWait(query({ waiting: [...regulars, ...priority] }));
    expect(withPriority).toMatchObject({ ahead: 4 });
    if (without.kind !== 'estimate' || withPriority.kind !== 'estimate') throw new Error('expected estimates');
    expect(withPriority.lowMinutes).toBeGreaterThan(without.lowMinutes);
  });

  it('says "not enough data" instead of guessing when the queue has too few finished tickets', () => {
    const waiting = [walkIn('A001', 50)];
    const few = estimateWait(query({ waiting, samples: history('A', MIN_SERVICE_SAMPLES - 1, () => 8) }));
    expect(few).toEqual({ kind: 'not_enough_data', ahead: 1 });
    // Another queue's history does not stand in for this one's.
    const elsewhere = estimateWait(query({ waiting, samples: history('B', 50, () => 8) }));
    expect(elsewhere.kind).toBe('not_enough_data');
    // Nor does a history older than the recent window.
    const old = history('A', 30, () => 8).map((s) => ({
      ...s,
      calledAt: s.startedAt - 30 * 24 * 60 * MINUTE,
      startedAt: s.startedAt - 30 * 24 * 60 * MINUTE,
      endedAt: s.endedAt - 30 * 24 * 60 * MINUTE,
    }));
    expect(estimateWait(query({ waiting, samples: old })).kind).toBe('not_enough_data');
  });

  it('says no counter is open for the queue rather than inventing a wait', () => {
    const waiting = [walkIn('A001', 50)];
    expect(estimateWait(query({ waiting, counters: [counter('w1', ['A'], false), counter('w2', ['B'])] }))).toEqual({
      kind: 'no_open_counter',
      ahead: 1,
    });
  });

  it('estimates an existing ticket from now and gives the same answer for the same inputs', () => {
    const waiting = [walkIn('A001', 50), walkIn('A002', 52), walkIn('A003', 55)];
    const q = query({ waiting, target: { id: 'A002' } });
    const first = estimateWait(q);
    expect(first).toMatchObject({ kind: 'estimate', ahead: 1 });
    expect(estimateWait(q)).toEqual(first);
  });
});

describe('wait estimate: against simulated days with known service times', () => {
  it('holds the actual wait inside the stated range most of the time, and prints its error', () => {
    // Five days in a row at one station: day 1 starts with no history at all.
    const plans = [1, 2, 3, 4, 5].map((d) => stationPlan(1000 + d));
    const figures = runTrial(plans, TRIAL_POLICY);
    process.stdout.write(
      `${describeFigures('5 simulated days, 3 counters, log-normal and bimodal services', figures)}\n`,
    );
    expect(figures.estimates).toBeGreaterThan(400);
    expect(figures.coverage).toBeGreaterThanOrEqual(0.6);
    // Honest but useful: the band is not so wide that it says nothing.
    expect(figures.meanWidth).toBeLessThanOrEqual(25);
  });

  it('says "not enough data" exactly while a queue has fewer finished tickets than it needs', () => {
    const figures = runTrial([stationPlan(77)], TRIAL_POLICY);
    expect(figures.notEnoughData).toBeGreaterThan(0);
    for (const j of figures.judged) {
      expect(j.estimate.kind).toBe(j.samples < MIN_SERVICE_SAMPLES ? 'not_enough_data' : 'estimate');
    }
  });

  it('is as useful for a queue of very uneven services (quick matters and long consultations)', () => {
    const plan = stationPlan(31);
    const uneven = {
      ...plan,
      queues: [
        { letter: 'A', perHour: 12, service: bimodal(2, 20, 0.25) },
        { letter: 'B', perHour: 8, service: logNormal(4, 0.8) },
      ],
    };
    const figures = runTrial([uneven, { ...uneven, seed: 32 }, { ...uneven, seed: 33 }], TRIAL_POLICY);
    process.stdout.write(`${describeFigures('3 simulated days, very uneven services', figures)}\n`);
    expect(figures.coverage).toBeGreaterThanOrEqual(0.6);
  });
});
