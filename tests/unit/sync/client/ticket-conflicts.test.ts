import { describe, expect, it } from 'vitest';
import { mergeTickets, ticketConflictHandler } from '#client/ticket-conflicts.ts';
import { applyTicketAction, issueEntry, type TicketAction } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { checkTicketWrite } from '#protocol/rules/ticket-rules.ts';

type Ticket = TicketDoc & { _deleted: boolean };

const base: Ticket = {
  id: 't1',
  stationId: 's',
  deviceId: 'kiosk',
  day: '2026-11-28',
  queue: 'B',
  seq: 1,
  number: 'B001',
  serviceId: 'gov',
  channel: 'kiosk',
  lang: 'zh-Hans',
  priority: false,
  status: 'waiting',
  issuedAt: 1000,
  callCount: 0,
  history: [issueEntry(1000, 'kiosk')],
  _deleted: false,
};

function act(t: Ticket, action: Exclude<TicketAction, 'issue'>, by: string, at: number): Ticket {
  const r = applyTicketAction(t, action, { at, by, counter: '1' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('ticket conflict merge', () => {
  it('keeps the version that went further along the lifecycle, whichever side it is on', () => {
    const served = act(act(base, 'call', 'staff-1', 2000), 'start', 'staff-1', 3000);
    const justCalled = act(base, 'call', 'staff-2', 2500);
    expect(mergeTickets(justCalled, served).status).toBe('serving');
    expect(mergeTickets(served, justCalled).status).toBe('serving');
  });

  it('lets a reactivated ticket (more steps) win over the older no-show', () => {
    const noShow = act(act(base, 'call', 's', 2), 'no_show', 's', 3);
    const again = act(noShow, 'reactivate', 's', 4);
    expect(mergeTickets(noShow, again).status).toBe('waiting');
    expect(mergeTickets(again, noShow).status).toBe('waiting');
  });

  it('with equal progress, the district version wins, so every device ends up with the same ticket', () => {
    const calledAt1 = act(base, 'call', 'counter-1', 2000);
    const calledAt2 = act(base, 'call', 'counter-2', 2100);
    expect(mergeTickets(calledAt1, calledAt2)).toEqual(calledAt1);
  });

  it('never drops a rating given on either side', () => {
    const done = act(act(act(base, 'call', 's', 2), 'start', 's', 3), 'finish', 's', 4);
    const rated: Ticket = { ...done, rating: { level: 2, reasons: ['waited_long'], at: 9 } };
    const recalled = act(base, 'call', 'other', 5);
    expect(mergeTickets(recalled, rated).rating).toEqual(rated.rating);
    expect(mergeTickets(rated, done).rating).toEqual(rated.rating);
  });

  it("replays this device's legal steps on the district's version, and drops the ones no longer legal", () => {
    const called = act(base, 'call', 'staff-1', 2000);
    const cancelled = act(base, 'cancel', 'staff-2', 2100);
    const merged = mergeTickets(called, cancelled);
    // The cancel still applies after the other counter's call; the merge keeps both steps.
    expect(merged.status).toBe('cancelled');
    expect(merged.history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['issue', 'waiting', 'waiting'],
      ['call', 'waiting', 'called'],
      ['cancel', 'called', 'cancelled'],
    ]);
  });

  it('never lets a longer or forged history win by its length', () => {
    const done = act(act(act(base, 'call', 's', 2), 'start', 's', 3), 'finish', 's', 4);
    const forged: Ticket = {
      ...base,
      status: 'waiting',
      history: [
        ...base.history,
        ...Array.from({ length: 50 }, (_, i) => ({
          action: 'reactivate' as const,
          at: 10 + i,
          by: 'x',
          from: 'done' as const,
          to: 'waiting' as const,
        })),
      ],
    };
    expect(mergeTickets(done, forged)).toEqual(done);
  });

  it('merges into a ticket the district accepts: its version plus legal steps', () => {
    const staff = new Set(['s', 'staff-1', 'staff-2']);
    const station = {
      queues: new Set(['A', 'B']),
      staffIds: staff,
      staff: new Map(),
      utcOffsetMinutes: 480,
      priorityOffered: false,
    };
    const writer = { deviceId: 'counter', stationId: 's', role: 'counter' as const, issuingSlot: 0, issuingSlots: 1 };
    const called = act(base, 'call', 'staff-1', 2000);
    const served = act(act(act(base, 'call', 'staff-2', 2100), 'start', 'staff-2', 2200), 'finish', 'staff-2', 2300);
    const rated: Ticket = { ...served, rating: { level: 5, reasons: [], at: 2400 } };
    for (const [master, local] of [
      [called, rated],
      [rated, called],
      [called, act(base, 'cancel', 'staff-2', 2100)],
    ] as const) {
      const { _deleted: _m, ...stored } = master;
      const { _deleted: _n, ...next } = mergeTickets(master, local);
      expect(checkTicketWrite({ stored, next, deleted: false, writer, station, now: 1000 })).toBeNull();
    }
  });

  it('reports equal documents as equal and resolves through the same merge', async () => {
    expect(ticketConflictHandler.isEqual(base, { ...base, history: [...base.history] }, 'test')).toBe(true);
    const called = act(base, 'call', 's', 2);
    expect(ticketConflictHandler.isEqual(base, called, 'test')).toBe(false);
    expect(await ticketConflictHandler.resolve({ realMasterState: base, newDocumentState: called }, 'test')).toEqual(
      called,
    );
  });
});
