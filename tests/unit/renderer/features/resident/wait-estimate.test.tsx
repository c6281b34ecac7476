/**
 * The kiosk tells a resident roughly how long the wait is, worked out on the device
 * from the station's own tickets: plainly "not enough records" at a new station, a
 * range in 5-minute steps once there are enough finished services, and a longer
 * range when more people are ahead. The ticket taken records the range the resident
 * was shown (the district's estimate-error report reads it), and "people ahead"
 * counts who will be called first, not who came first. The real screens, database,
 * i18n and estimator.
 */
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicketDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { deviceCalls } from '#tests/unit/renderer/support/fake-device.ts';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

const MINUTE = 60_000;
/** Tuesday 2026-11-24, 10:00 in Shanghai: social-security services give numbers. */
const NOW = Date.UTC(2026, 10, 24, 2, 0);
const STATION = 'pudong-demo';

let view: KioskView | undefined;
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: NOW, shouldAdvanceTime: true }));
afterEach(async () => {
  vi.useRealTimers();
  await view?.close();
  view = undefined;
});

let seq = 0;
function ticket(at: number, over: Partial<TicketDoc>): TicketDoc {
  seq += 1;
  return {
    id: `seed-${seq}`,
    stationId: STATION,
    deviceId: 'other-kiosk',
    day: stationDay(at, 480),
    queue: 'B',
    seq: (seq % 900) + 1,
    number: `B${String((seq % 900) + 1).padStart(3, '0')}`,
    serviceId: 'gov-social-security-card',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: at,
    callCount: 0,
    history: [],
    ...over,
  };
}

/** `days` past days of 12 queue-B services of 8–12 minutes at counter 1; today a resident served at counter 1 and `waiting` in line. */
function stationTickets(days: number, waiting: number): TicketDoc[] {
  const docs: TicketDoc[] = [];
  for (let d = 1; d <= days; d++)
    for (let i = 0; i < 12; i++) {
      const calledAt = NOW - d * 1440 * MINUTE + i * 12 * MINUTE;
      docs.push(
        ticket(calledAt - 5 * MINUTE, {
          status: 'done',
          counter: '1',
          callCount: 1,
          calledAt,
          startedAt: calledAt + MINUTE,
          endedAt: calledAt + (8 + (i % 5)) * MINUTE,
        }),
      );
    }
  const calledAt = NOW - 4 * MINUTE;
  docs.push(
    ticket(NOW - 30 * MINUTE, {
      status: 'serving',
      counter: '1',
      callCount: 1,
      calledAt,
      startedAt: calledAt + MINUTE,
    }),
  );
  for (let i = 0; i < waiting; i++) docs.push(ticket(NOW - (20 - i) * MINUTE, {}));
  return docs;
}

async function takenTicket(view: KioskView, number: string | null): Promise<TicketDoc> {
  const doc = await view.db.tickets
    .findOne({ selector: { number: number ?? '', deviceId: view.config.deviceId } })
    .exec();
  if (!doc) throw new Error(`no ticket ${number} taken here`);
  return doc.toJSON() as TicketDoc;
}

async function openDetail(view: KioskView): Promise<string> {
  await view.user.click(await screen.findByTestId('category-government'));
  await view.user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
  return (await screen.findByTestId('wait-estimate')).textContent ?? '';
}

/** [low, high] of "大约要等 X 到 Y 分钟" / "大约不到 Y 分钟". */
function range(words: string): [number, number] {
  const m = /大约要等 (\d+) 到 (\d+) 分钟/.exec(words) ?? /大约不到 (\d+) 分钟/.exec(words);
  if (!m) throw new Error(`no range in "${words}"`);
  return m.length === 3 ? [Number(m[1]), Number(m[2])] : [0, Number(m[1])];
}

describe('estimated wait at the kiosk', () => {
  it('says plainly when it cannot tell: no counter calling yet, or too few finished services', async () => {
    view = await renderKiosk();
    expect(await openDetail(view)).toBe('现在没有窗口在叫这项服务的号，说不准要等多久');
    // A counter starts serving, but the station has finished only 12 services (fewer than 20).
    await view.db.tickets.bulkInsert(stationTickets(1, 0));
    await expect
      .poll(() => screen.getByTestId('wait-estimate').textContent)
      .toBe('这项服务的记录还不够，现在说不准要等多久');
    await view.user.click(screen.getByTestId('take-number'));
    const number = (await screen.findByTestId('ticket-number')).textContent;
    expect((await screen.findByTestId('wait-estimate')).textContent).toBe('这项服务的记录还不够，现在说不准要等多久');
    // No range was shown, so the ticket records none.
    expect((await takenTicket(view, number)).waitEstimate).toBeUndefined();
  });

  it('gives a range in 5-minute steps from the station’s own service times, longer as the line grows', async () => {
    view = await renderKiosk();
    await view.db.tickets.bulkInsert(stationTickets(3, 1));
    const [low1, high1] = range(await openDetail(view));
    expect([low1 % 5, high1 % 5]).toEqual([0, 0]);
    expect(high1).toBeGreaterThan(low1);

    // Five more residents join the line: the same screen shows a longer wait.
    await view.db.tickets.bulkInsert(Array.from({ length: 5 }, (_, i) => ticket(NOW - (10 - i) * MINUTE, {})));
    await expect.poll(() => range(screen.getByTestId('wait-estimate').textContent ?? '')[1]).toBeGreaterThan(high1);
    const [low6] = range(screen.getByTestId('wait-estimate').textContent ?? '');
    expect(low6).toBeGreaterThanOrEqual(low1);

    // The ticket taken now records the range shown when the resident tapped, and carries its own estimate, under "people ahead".
    const [lowShown, highShown] = range(screen.getByTestId('wait-estimate').textContent ?? '');
    await view.user.click(screen.getByTestId('take-number'));
    const number = (await screen.findByTestId('ticket-number')).textContent;
    expect((await takenTicket(view, number)).waitEstimate).toEqual({ lowMin: lowShown, highMin: highShown, ahead: 6 });
    await expect.poll(() => screen.getByTestId('ticket-ahead').textContent).toContain('6');
    const [lowT, highT] = range((await screen.findByTestId('wait-estimate')).textContent ?? '');
    expect([lowT % 5, highT % 5]).toEqual([0, 0]);
    expect(highT).toBeGreaterThan(high1);
  });

  it('counts people ahead in call order on the screen and the paper: a due appointment is ahead, a later slot is not', async () => {
    view = await renderKiosk();
    const docs = stationTickets(3, 1);
    // A resident with an appointment due now checked in a minute ago; another checked in for a slot two hours away.
    docs.push(ticket(NOW - MINUTE, { appointmentId: 'due', slotAt: NOW - 2 * MINUTE }));
    docs.push(ticket(NOW - MINUTE, { appointmentId: 'later', slotAt: NOW + 120 * MINUTE }));
    await view.db.tickets.bulkInsert(docs);
    await openDetail(view);
    await view.user.click(screen.getByTestId('take-number'));
    await screen.findByTestId('ticket-number');
    // Three waited before this number; the two called before it are the walk-in and the due appointment.
    await expect.poll(() => screen.getByTestId('ticket-ahead').textContent).toBe('您前面还有 2 人');
    await expect
      .poll(() => deviceCalls.find((c) => c.channel === 'printer:printTicket')?.request)
      .toMatchObject({ peopleAhead: 2 });
  });
});
