import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  boardOf,
  callKey,
  callsFromTickets,
  placeName,
  spokenNumber,
  type DisplayCall,
} from '#renderer/features/display/call-board.ts';
import { NAMESPACES, resources } from '#renderer/i18n/resources.ts';
import type { Lang } from '#protocol/languages.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { applyTicketAction, issueEntry } from '#protocol/ticket-lifecycle.ts';

const i18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: 'zh-Hans',
  ns: [...NAMESPACES],
  defaultNS: 'common',
  initAsync: false,
  interpolation: { escapeValue: false },
});
const tFor = (lang: Lang): TFunction => i18n.getFixedT(lang);

const text = (zh: string, hant: string, en: string) => ({ 'zh-Hans': zh, 'zh-Hant': hant, en });
const station: Pick<StationDoc, 'counters' | 'queues'> = {
  queues: [
    { letter: 'A', name: text('党群服务', '黨群服務', 'Party'), location: text('1号窗口', '1號窗口', 'Counter 1') },
    {
      letter: 'D',
      name: text('法律服务', '法律服務', 'Legal'),
      location: text('法律服务室（二楼）', '法律服務室（二樓）', 'Legal help room (Floor 2)'),
    },
  ],
  counters: [
    { id: '2', name: text('2号窗口', '2號窗口', 'Counter 2'), queues: ['A'] },
    { id: 'legal', name: text('法律服务室', '法律服務室', 'Legal help room'), queues: ['D'] },
  ],
};

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

function ticket(number: string, patch: Partial<TicketDoc> = {}): TicketDoc {
  return {
    id: `id-${number}`,
    stationId: 'pudong-demo',
    deviceId: 'kiosk-1',
    day: '2026-11-28',
    queue: number[0]!,
    seq: Number(number.slice(1)),
    number,
    serviceId: 'svc',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: T0 - 3_600_000,
    callCount: 0,
    history: [issueEntry(T0 - 3_600_000, 'kiosk-1')],
    ...patch,
  };
}

function act(t: TicketDoc, action: 'call' | 'recall' | 'transfer', at: number, counter?: string): TicketDoc {
  const r = applyTicketAction(t, action, {
    at,
    by: 'wang-fang',
    ...(counter ? { counter } : {}),
    ...(action === 'transfer' ? { queue: 'D' } : {}),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const langs = (lang: Lang) => ({ show: lang, speak: lang, speakT: tFor(lang) });

describe('what the calling display says', () => {
  it('reads the number digit by digit, in each language', () => {
    expect(spokenNumber('A023', tFor('zh-Hans'), 'zh-Hans')).toBe('A 零二三');
    expect(spokenNumber('B100', tFor('zh-Hant'), 'zh-Hant')).toBe('B 一零零');
    expect(spokenNumber('A023', tFor('en'), 'en')).toBe('A zero two three');
  });

  it('announces the number and where to go, in the station language', () => {
    const called = act(ticket('A023'), 'call', T0, '2');
    const say = (lang: Lang) => callsFromTickets([called], station, langs(lang))[0]!.text;
    expect(say('zh-Hans')).toBe('请 A 零二三 号到 2号窗口');
    expect(say('zh-Hant')).toBe('請 A 零二三 號到 2號窗口');
    expect(say('en')).toBe('Number A zero two three, please go to Counter 2');
  });

  it('shows places in the screen language and speaks in the station language', () => {
    const called = act(ticket('A023'), 'call', T0, '2');
    const [call] = callsFromTickets([called], station, { show: 'en', speak: 'zh-Hans', speakT: tFor('zh-Hans') });
    expect(call!.place).toBe('Counter 2');
    expect(call!.text).toBe('请 A 零二三 号到 2号窗口');
  });

  it("names the counter it was called to, else the queue's location, else the front desk", () => {
    expect(placeName(station, { queue: 'D', counter: 'legal' }, 'zh-Hans')).toBe('法律服务室');
    expect(placeName(station, { queue: 'D' }, 'en')).toBe('Legal help room (Floor 2)');
    expect(placeName(station, { queue: 'D', counter: 'gone' }, 'zh-Hans')).toBe('法律服务室（二楼）');
    expect(placeName({ queues: station.queues }, { queue: 'A', counter: '2' }, 'zh-Hans')).toBe('1号窗口');
    expect(placeName(station, { queue: 'Z' }, 'zh-Hans')).toBeNull();
    const [call] = callsFromTickets([act(ticket('Z001'), 'call', T0)], station, langs('zh-Hans'));
    expect(call!.place).toBeNull();
    expect(call!.text).toBe('请 Z 零零一 号到 服务台');
  });
});

describe('the counter that actually called', () => {
  // Queue B is served by counters 1 and 2; its own "where to go" is the hall's waiting area.
  const shared: Pick<StationDoc, 'counters' | 'queues'> = {
    queues: [{ letter: 'B', name: text('政务服务', '政務服務', 'Gov'), location: text('大厅', '大廳', 'Hall') }],
    counters: [
      { id: '1', name: text('1号窗口', '1號窗口', 'Counter 1'), queues: ['B'] },
      { id: '2', name: text('2号窗口', '2號窗口', 'Counter 2'), queues: ['B'] },
    ],
  };

  it('shows and says 1号窗口 when counter 1 calls a ticket of a queue counters 1 and 2 serve', () => {
    const [call] = callsFromTickets([act(ticket('B001'), 'call', T0, '1')], shared, langs('zh-Hans'));
    expect(call!.place).toBe('1号窗口');
    expect(call!.text).toBe('请 B 零零一 号到 1号窗口');
  });

  it('follows a recall from the other counter, and a call after a transfer', () => {
    const called = act(ticket('B001'), 'call', T0, '1');
    const [recalled] = callsFromTickets([act(called, 'recall', T0 + 60_000, '2')], shared, langs('zh-Hans'));
    expect(recalled!.text).toBe('请 B 零零一 号到 2号窗口');
    const transferredBack = act(act(called, 'transfer', T0 + 120_000), 'call', T0 + 180_000, 'legal');
    expect(callsFromTickets([transferredBack], station, langs('en'))[0]!.place).toBe('Legal help room');
  });
});

describe('which calls the display knows', () => {
  it('lists called tickets only, newest call first', () => {
    const tickets = [
      ticket('A001'),
      act(ticket('A002'), 'call', T0 + 1_000, '2'),
      act(ticket('D001'), 'call', T0 + 5_000, 'legal'),
      { ...act(ticket('A003'), 'call', T0 + 3_000, '2'), status: 'serving' as const },
    ];
    expect(callsFromTickets(tickets, station, langs('zh-Hans')).map((c) => c.number)).toEqual(['D001', 'A003', 'A002']);
  });

  it('gives a recall a new identity, and a call after a transfer too', () => {
    const first = act(ticket('A001'), 'call', T0, '2');
    const recalled = act(first, 'recall', T0 + 60_000, '2');
    expect(callKey(recalled)).not.toBe(callKey(first));
    // A transfer restarts the call count: the next call must not look like the first one.
    const recalledAfterTransfer = act(act(first, 'transfer', T0 + 120_000), 'call', T0 + 180_000, 'legal');
    expect(recalledAfterTransfer.callCount).toBe(first.callCount);
    expect(callKey(recalledAfterTransfer)).not.toBe(callKey(first));
    // Anything else about the ticket changing (served, rated) is the same call.
    expect(callKey({ ...first, status: 'serving' } as TicketDoc)).toBe(callKey(first));
  });
});

describe('what the display shows', () => {
  const calls: DisplayCall[] = callsFromTickets(
    Array.from({ length: 9 }, (_, i) => act(ticket(`A00${i + 1}`), 'call', T0 + i * 1_000, '2')),
    station,
    langs('zh-Hans'),
  );

  it('shows the latest call large and up to six calls before it', () => {
    const board = boardOf(calls, { playing: null, pending: [] });
    expect(board.current?.number).toBe('A009');
    expect(board.history.map((c) => c.number)).toEqual(['A008', 'A007', 'A006', 'A005', 'A004', 'A003']);
  });

  it('shows the call being announced, and keeps calls still waiting to be announced off screen', () => {
    const byNumber = (n: string) => calls.find((c) => c.number === n)!;
    const board = boardOf(calls, { playing: byNumber('A007'), pending: [byNumber('A008'), byNumber('A009')] });
    expect(board.current?.number).toBe('A007');
    expect(board.history.map((c) => c.number)).toEqual(['A006', 'A005', 'A004', 'A003', 'A002', 'A001']);
  });

  it('shows one line per ticket: a recalled number is not listed under itself', () => {
    const recalled = calls.map((c) => (c.number === 'A009' ? { ...c, key: `${c.key}-recall` } : c));
    const board = boardOf(recalled, { playing: calls[0]!, pending: [] });
    expect(board.current?.number).toBe('A009');
    expect(board.history.map((c) => c.number)).not.toContain('A009');
  });

  it('is empty before the first call of the day', () => {
    expect(boardOf([], { playing: null, pending: [] })).toEqual({ current: null, history: [] });
  });
});
