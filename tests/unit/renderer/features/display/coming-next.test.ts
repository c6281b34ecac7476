import { describe, expect, it } from 'vitest';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '#protocol/call-order.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { applyTicketAction, issueEntry } from '#protocol/ticket-lifecycle.ts';
import { comingNext } from '#renderer/features/display/coming-next.ts';
import { feedState } from '#renderer/features/display/feed-state.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const LANE_ON: CallPolicy = { ...DEFAULT_CALL_POLICY, priority: { enabled: true, everyN: 2, maxExtraWaitMinutes: 15 } };
const station = { queues: ['A', 'B', 'C'].map((letter) => ({ letter })) } as never;

function ticket(number: string, minute: number, priority = false): TicketDoc {
  const at = T0 + minute * MIN;
  return {
    id: `id-${number}`,
    stationId: 's',
    deviceId: 'k',
    day: '2026-11-28',
    queue: number[0]!,
    seq: Number(number.slice(1)),
    number,
    serviceId: 'svc',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority,
    status: 'waiting',
    issuedAt: at,
    callCount: 0,
    history: [issueEntry(at, 'k')],
  };
}

const called = (t: TicketDoc, minute: number) => {
  const r = applyTicketAction(t, 'call', { at: T0 + minute * MIN, by: 'staff', counter: '1' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const numbers = (rows: ReturnType<typeof comingNext>) =>
  rows.map((r) => [r.letter, r.next.map((t) => t.number), r.more]);

describe('coming next on the display', () => {
  const day = [
    called(ticket('A001', 0), 5),
    ticket('A002', 1),
    ticket('A003', 2),
    ticket('A004', 3, true),
    ticket('A005', 4),
    ticket('A006', 5),
    ticket('B001', 2),
  ];

  it('lists each queue with someone waiting, in issue order while the lane is off, and how many more wait', () => {
    expect(numbers(comingNext(day, station, DEFAULT_CALL_POLICY, T0 + 10 * MIN))).toEqual([
      ['A', ['A002', 'A003', 'A004'], 2],
      ['B', ['B001'], 0],
    ]);
  });

  it('puts a priority ticket where the rule will call it, marked, and never changes a number', () => {
    const rows = comingNext(day, station, LANE_ON, T0 + 10 * MIN);
    // The day's first priority call goes straight ahead; then the regular ones in issue order.
    expect(numbers(rows)[0]).toEqual(['A', ['A004', 'A002', 'A003'], 2]);
    expect(rows[0]!.next.map((t) => t.priority)).toEqual([true, false, false]);
  });

  it('says the board is reconnecting while its own sync is not connected, and never for a window of a synced device', () => {
    expect(feedState(true, 'online')).toBe('live');
    expect(feedState(true, 'standalone')).toBe('live');
    for (const c of ['offline', 'connecting', 'revoked', 'unrecognised'] as const) {
      expect(feedState(true, c)).toBe('reconnecting');
      expect(feedState(false, c)).toBe('live');
    }
  });
});
