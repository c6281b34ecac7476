import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callingOrder,
  daySummary,
  nextForCounter,
  ticketsInHand,
  waitingByQueue,
} from '#renderer/features/staff/queue-board.ts';
import {
  applyTicketAction,
  issueEntry,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  type TicketAction,
} from '#protocol/ticket-lifecycle.ts';
import type { ServiceDoc, TicketDoc } from '#protocol/schemas.ts';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '#protocol/call-order.ts';

const LANE_OFF = DEFAULT_CALL_POLICY;
const LANE_ON: CallPolicy = { ...DEFAULT_CALL_POLICY, priority: { enabled: true, everyN: 2, maxExtraWaitMinutes: 15 } };

let n = 0;
function ticket(queue: string, issuedAt: number, overrides: Partial<TicketDoc> = {}): TicketDoc {
  n++;
  return {
    id: `t${n}`,
    stationId: 's',
    deviceId: 'd',
    day: '2026-11-28',
    queue,
    seq: n,
    number: `${queue}${String(900 - n).padStart(3, '0')}`,
    serviceId: queue === 'B' ? 'gov' : 'life',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt,
    callCount: 0,
    history: [issueEntry(issuedAt, 'd')],
    ...overrides,
  };
}

describe('queue board', () => {
  it('orders by issue time, never by number', () => {
    const late = ticket('B', 3000, { number: 'B001' });
    const early = ticket('B', 1000, { number: 'B100' });
    expect(callingOrder([late, early]).map((t) => t.number)).toEqual(['B100', 'B001']);
  });

  it("calls next the earliest waiting ticket across the counter's queues only", () => {
    const b = ticket('B', 2000);
    const c = ticket('C', 1000);
    const d = ticket('D', 500);
    const called = ticket('B', 100, { status: 'called' });
    expect(nextForCounter([b, c, d, called], { id: '1', queues: ['B', 'C'] }, LANE_OFF, 5000)?.id).toBe(c.id);
    expect(nextForCounter([d], { id: '1', queues: ['B'] }, LANE_OFF, 5000)).toBeNull();
  });

  it('calls a later priority resident first only when the station has the lane on, by the rule’s share', () => {
    const min = 60_000;
    const a = ticket('B', 1 * min);
    const b = ticket('B', 2 * min);
    const elderly = ticket('B', 3 * min, { priority: true });
    const waiting = [a, b, elderly];
    const counter = { id: '1', queues: ['B'] };
    expect(nextForCounter(waiting, counter, LANE_OFF, 4 * min)?.id).toBe(a.id);
    expect(nextForCounter(waiting, counter, LANE_ON, 4 * min)?.id).toBe(elderly.id);
    // After this counter's priority call, two regular calls come before the next priority one (everyN = 2).
    const calledElderly = applyTicketAction(elderly, 'call', { at: 4 * min, by: 's', counter: '1' });
    const second = ticket('B', 5 * min, { priority: true });
    if (!calledElderly.ok) throw new Error(calledElderly.error.message);
    expect(nextForCounter([a, b, calledElderly.value, second], counter, LANE_ON, 6 * min)?.id).toBe(a.id);
    // Priority never changes anyone's number.
    expect(calledElderly.value.number).toBe(elderly.number);
  });

  it('with the lane off calls exactly as before the rule: the earliest issued waiting ticket of its queues', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            queue: fc.constantFrom('A', 'B', 'C'),
            at: fc.integer({ min: 0, max: 50 }),
            priority: fc.boolean(),
            status: fc.constantFrom('waiting', 'waiting', 'called', 'done'),
          }),
          { maxLength: 30 },
        ),
        (specs) => {
          const tickets = specs.map((x) => ticket(x.queue, x.at * 1000, { priority: x.priority, status: x.status }));
          const queues = ['A', 'B'];
          const before = tickets
            .filter((t) => t.status === 'waiting' && queues.includes(t.queue))
            .sort((a, b) => a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : 1))[0];
          expect(nextForCounter(tickets, { id: '1', queues }, LANE_OFF, 60_000)?.id).toBe(before?.id);
        },
      ),
    );
  });

  it('groups waiting tickets by queue', () => {
    const groups = waitingByQueue([ticket('B', 2), ticket('C', 1), ticket('B', 1), ticket('B', 0, { status: 'done' })]);
    expect([...groups.keys()].sort()).toEqual(['B', 'C']);
    expect(groups.get('B')).toHaveLength(2);
  });

  it('summarises the day: per category, waits from the first call, service times, no-shows and ratings', () => {
    const services = [
      { id: 'gov', category: 'government' },
      { id: 'life', category: 'life' },
    ] as ServiceDoc[];
    const min = 60_000;
    const done = ticket('B', 0, {
      status: 'done',
      startedAt: 12 * min,
      endedAt: 20 * min,
      rating: { level: 4, reasons: [], at: 21 * min },
      history: [
        issueEntry(0, 'd'),
        { action: 'call', at: 10 * min, by: 's', from: 'waiting', to: 'called' },
        { action: 'recall', at: 11 * min, by: 's', from: 'called', to: 'called' },
      ],
    });
    const noShow = ticket('C', 0, {
      status: 'no_show',
      history: [issueEntry(0, 'd'), { action: 'call', at: 20 * min, by: 's', from: 'waiting', to: 'called' }],
    });
    const waiting = ticket('B', 5 * min);
    const s = daySummary([done, noShow, waiting], services);
    expect(s).toMatchObject({ total: 3, ratings: 1, avgRating: 4 });
    expect(s.byStatus).toEqual({ waiting: 1, called: 0, serving: 0, done: 1, no_show: 1, cancelled: 0 });
    expect(s.byCategory).toEqual({ government: 2, life: 1 });
    expect(s.avgWaitMinutes).toBe(15); // (10 + 20) / 2: a recall does not reset the wait
    expect(s.avgServiceMinutes).toBe(8);
    expect(daySummary([], services)).toMatchObject({ total: 0, avgWaitMinutes: null, avgRating: null });
  });

  it('adds up whatever happened: every status has its row and the rows sum to the tickets issued', () => {
    type Act = Exclude<TicketAction, 'issue'>;
    const acts = TICKET_ACTIONS.filter((a): a is Act => a !== 'issue');
    const services = [{ id: 'gov', category: 'government' }] as ServiceDoc[];
    fc.assert(
      fc.property(
        // Each ticket gets a random run of actions; illegal ones are skipped, as the board would refuse them.
        fc.array(fc.array(fc.constantFrom(...acts), { maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        (runs) => {
          const tickets = runs.map((run, i) =>
            run.reduce(
              (tk, action, step) => {
                const r = applyTicketAction(tk, action, { at: 1000 * (step + 1), by: 's', counter: '1', queue: 'C' });
                return r.ok ? r.value : tk;
              },
              ticket('B', i),
            ),
          );
          const s = daySummary(tickets, services);
          expect(Object.keys(s.byStatus).sort()).toEqual([...TICKET_STATUSES].sort());
          expect(Object.values(s.byStatus).reduce((a, b) => a + b, 0)).toBe(s.total);
          expect(s.total).toBe(runs.length);
          expect(s.transferred).toBe(tickets.filter((tk) => tk.history.some((h) => h.action === 'transfer')).length);
        },
      ),
    );
  });

  it('keeps every ticket a counter called in hand, not only the latest: a ticket left called is not lost', () => {
    const call = (tk: TicketDoc, at: number, counter: string) => {
      const r = applyTicketAction(tk, 'call', { at, by: 's', counter });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const first = call(ticket('B', 0), 1000, '1');
    const second = call(ticket('B', 1), 2000, '1');
    const elsewhere = call(ticket('B', 2), 3000, '2');
    expect(ticketsInHand([first, second, elsewhere], '1').map((tk) => tk.id)).toEqual([second.id, first.id]);
  });
});
