import { describe, expect, it } from 'vitest';
import {
  applyTicketAction,
  actionsFrom,
  canApplyTo,
  issueEntry,
  TICKET_STATUSES,
  type LifecycleTicket,
  type TicketAction,
  type TicketStatus,
} from '#protocol/ticket-lifecycle.ts';

type Act = Exclude<TicketAction, 'issue'>;

// PRODUCT.md §4, written out independently of the implementation's table.
const LEGAL: Record<TicketStatus, Partial<Record<Act, TicketStatus>>> = {
  // Upgrade and downgrade also depend on the lane the ticket is in (tested below).
  waiting: { call: 'called', cancel: 'cancelled', transfer: 'waiting', upgrade: 'waiting', downgrade: 'waiting' },
  called: { recall: 'called', start: 'serving', no_show: 'no_show', cancel: 'cancelled', transfer: 'waiting' },
  serving: { finish: 'done', transfer: 'waiting' },
  done: {},
  no_show: { reactivate: 'waiting' },
  cancelled: { reactivate: 'waiting' },
};
const ACTIONS: Act[] = ['call', 'recall', 'start', 'finish', 'no_show', 'cancel', 'transfer', 'reactivate'];

function ticket(status: TicketStatus): LifecycleTicket {
  return { status, queue: 'B', serviceId: 'gov-a', callCount: 0, history: [issueEntry(1000, 'kiosk-1')] };
}
const ctx = { at: 5000, by: 'staff-7', counter: '2', queue: 'C', serviceId: 'life-b' };

describe('ticket lifecycle', () => {
  for (const status of TICKET_STATUSES) {
    for (const action of ACTIONS) {
      const to = LEGAL[status][action];
      if (to) {
        it(`${action} takes a ${status} ticket to ${to} and records who did it`, () => {
          const before = ticket(status);
          const result = applyTicketAction(before, action, ctx);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.value.status).toBe(to);
          expect(result.value.history.at(-1)).toMatchObject({ action, by: 'staff-7', from: status, to, at: 5000 });
          expect(before.status).toBe(status); // the input is never changed
          expect(before.history).toHaveLength(1);
        });
      } else {
        it(`refuses to ${action} a ${status} ticket with a clear error and changes nothing`, () => {
          const before = ticket(status);
          const result = applyTicketAction(before, action, ctx);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.error.code).toBe('illegal_transition');
          expect(result.error.message).toContain(`cannot ${action} a ticket that is ${status}`);
          expect(before).toEqual(ticket(status));
        });
      }
    }
  }

  it('lists exactly the legal actions per status (what a counter would show as buttons)', () => {
    for (const status of TICKET_STATUSES) {
      expect(actionsFrom(status).sort()).toEqual(Object.keys(LEGAL[status]).sort());
    }
  });

  it('moves a waiting ticket into the priority lane and out of it, once each way, changing nothing else', () => {
    const before = { ...ticket('waiting'), priority: false };
    expect(canApplyTo(before, 'upgrade')).toBe(true);
    expect(canApplyTo(before, 'downgrade')).toBe(false);
    const refused = applyTicketAction(before, 'downgrade', ctx);
    expect(refused.ok || refused.error.message).toBe('cannot downgrade a ticket that is not in the priority lane');
    const up = applyTicketAction(before, 'upgrade', ctx);
    if (!up.ok) throw new Error(up.error.message);
    expect(up.value).toEqual({
      ...before,
      priority: true,
      history: [
        ...before.history,
        { action: 'upgrade', at: 5000, by: 'staff-7', from: 'waiting', to: 'waiting', counter: '2' },
      ],
    });
    const again = applyTicketAction(up.value, 'upgrade', ctx);
    expect(again.ok || again.error.code).toBe('illegal_transition');
    const down = applyTicketAction(up.value, 'downgrade', ctx);
    expect(down.ok && down.value.priority).toBe(false);
    const called = applyTicketAction(up.value, 'call', ctx);
    expect(called.ok && canApplyTo(called.value, 'downgrade')).toBe(false);
  });

  it('keeps the timestamps from which wait, walk and service times follow', () => {
    let t = ticket('waiting');
    const step = (action: Act, at: number) => {
      const r = applyTicketAction(t, action, { at, by: 'staff-1', counter: '3' });
      if (!r.ok) throw new Error(r.error.message);
      t = r.value;
    };
    step('call', 2000);
    step('recall', 2500);
    step('start', 3000);
    step('finish', 9000);
    expect(t).toMatchObject({
      calledAt: 2500,
      startedAt: 3000,
      endedAt: 9000,
      callCount: 2,
      counter: '3',
      servedBy: 'staff-1',
    });
    expect(t.history.map((h) => h.action)).toEqual(['issue', 'call', 'recall', 'start', 'finish']);
  });

  it('gives the matter to whoever first received the resident (first-ask responsibility)', () => {
    const called = applyTicketAction(ticket('waiting'), 'call', { at: 1, by: 'staff-first', counter: '1' });
    if (!called.ok) throw new Error();
    const started = applyTicketAction(called.value, 'start', { at: 2, by: 'staff-second' });
    if (!started.ok) throw new Error();
    expect(started.value.firstReceivedBy).toBe('staff-first');
    expect(started.value.servedBy).toBe('staff-second');
  });

  it('transfers to another queue and service, keeping the number, waiting again', () => {
    const called = applyTicketAction(ticket('waiting'), 'call', { at: 1, by: 's', counter: '1' });
    if (!called.ok) throw new Error();
    const moved = applyTicketAction(called.value, 'transfer', { at: 2, by: 's', queue: 'D', serviceId: 'legal-x' });
    expect(moved.ok && moved.value).toMatchObject({
      status: 'waiting',
      queue: 'D',
      serviceId: 'legal-x',
      callCount: 0,
    });
    expect(moved.ok && moved.value.calledAt).toBeUndefined();
    expect(moved.ok && moved.value.history.at(-1)).toMatchObject({
      action: 'transfer',
      queue: 'D',
      serviceId: 'legal-x',
    });
  });

  it('refuses a transfer with no target', () => {
    const result = applyTicketAction(ticket('waiting'), 'transfer', { at: 1, by: 's' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('transfer_needs_target');
  });

  it('reactivates a no-show so the resident can be called again', () => {
    let t = ticket('waiting');
    for (const [action, at] of [
      ['call', 1],
      ['no_show', 2],
      ['reactivate', 3],
      ['call', 4],
    ] as const) {
      const r = applyTicketAction(t, action, { at, by: 's', counter: '1' });
      if (!r.ok) throw new Error(r.error.message);
      t = r.value;
    }
    expect(t).toMatchObject({ status: 'called', callCount: 1, calledAt: 4 });
    expect(t.endedAt).toBeUndefined();
  });
});
