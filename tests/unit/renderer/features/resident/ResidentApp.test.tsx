import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '#renderer/db/outbox.ts';
import { handleHelpRequest } from '#renderer/db/ticket-actions.ts';
import { deviceCalls } from '#tests/unit/renderer/support/fake-device.ts';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

let view: KioskView | undefined;

/** Shanghai wall-clock time on a day of the demo week (2026-11-23 is a Monday). */
const stationTime = (isoWeekday: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, 22 + isoWeekday, h! - 8, m!);
};
/**
 * The kiosk gives numbers only while a service is offered today, so the tests run
 * on a Tuesday morning; only `Date` is faked, and it keeps moving (tickets are
 * ordered by their time).
 */
function runAt(at: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: at, shouldAdvanceTime: true });
}
beforeEach(() => runAt(stationTime(2, '10:00')));

afterEach(async () => {
  vi.useRealTimers();
  await view?.close();
  view = undefined;
});

/** The screen the resident is on, by the shell's `screen-*` test id. */
function currentScreen(): string {
  return screen.getByRole('main').dataset.testid ?? '';
}

describe('resident kiosk', () => {
  it('takes a ticket in three taps: category, service, take a number — and shows the stored number', async () => {
    view = await renderKiosk();
    const { user, db } = view;
    const waitingBefore = outbox.size;

    await user.click(await screen.findByTestId('category-government'));
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    expect(currentScreen()).toBe('screen-detail');
    await user.click(screen.getByTestId('take-number'));

    const number = await screen.findByTestId('ticket-number');
    const [stored] = await db.tickets.find().exec();
    expect(stored?.number).toMatch(/^B\d{3}$/);
    expect(number.textContent).toBe(stored?.number);
    expect(screen.getByTestId('ticket-service').textContent).toBe('社保卡办理');
    expect(await screen.findByText('您前面没有人在等')).toBeTruthy();
    // The write counted itself as waiting to upload, and the ticket went to the (absent) printer.
    expect(outbox.size).toBe(waitingBefore + 1);
    expect(deviceCalls.some((c) => c.channel === 'printer:printTicket')).toBe(true);

    // The next resident in the same queue has one person ahead, and a number one higher.
    await user.click(screen.getByTestId('ticket-done'));
    await user.click(await screen.findByTestId('category-government'));
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    await user.click(screen.getByTestId('take-number'));
    expect(await screen.findByText('您前面还有 1 人')).toBeTruthy();
    const next = Number(stored!.number.slice(1)) + 1;
    expect(screen.getByTestId('ticket-number').textContent).toBe(`B${String(next).padStart(3, '0')}`);
    expect(outbox.size).toBe(waitingBefore + 2);
  });

  it('asks the priority question only where the station offers the lane, and marks a priority ticket', async () => {
    view = await renderKiosk();
    const { user, db, config } = view;
    const takeFor = async () => {
      await user.click(await screen.findByTestId('category-government'));
      await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
      await user.click(screen.getByTestId('take-number'));
    };
    // Lane off (the demo station as shipped): one tap takes a regular number, no question.
    await takeFor();
    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('priority-mark')).toBeNull();
    await user.click(screen.getByTestId('ticket-done'));

    const station = await db.stations.findOne(config.stationId).exec();
    await station!.incrementalPatch({
      callPolicy: {
        priority: {
          enabled: true,
          qualifies: { minAge: 65, disabled: true, pregnant: false },
          everyN: 2,
          maxExtraWaitMinutes: 15,
        },
        appointments: { earlyMinutes: 30, lateMinutes: 10 },
      },
    });
    await takeFor();
    expect(currentScreen()).toBe('screen-priority');
    // The station's own choice of who qualifies, and nothing it did not choose.
    expect(screen.getByTestId('priority-who').textContent).toBe('65 岁以上的老人残疾人');
    await user.click(screen.getByTestId('priority-yes'));
    const number = await screen.findByTestId('ticket-number');
    expect(screen.getByTestId('priority-mark').textContent).toBe('优先办理');
    const stored = await db.tickets.findOne({ selector: { number: number.textContent! } }).exec();
    expect(stored?.priority).toBe(true);
    expect(stored?.channel).toBe('kiosk');
    // The next resident answers "不需要": a regular number, in the same one step.
    await user.click(screen.getByTestId('ticket-done'));
    await takeFor();
    await user.click(screen.getByTestId('priority-no'));
    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('priority-mark')).toBeNull();
    expect((await db.tickets.find().exec()).map((t) => t.priority).sort()).toEqual([false, false, true]);
  });

  it('offers "call staff" on every screen, and a tap records who asked where', async () => {
    view = await renderKiosk();
    const { user, db } = view;
    const visited: string[] = [];
    const pressHelp = async () => {
      visited.push(currentScreen());
      await user.click(screen.getByTestId('help'));
      expect(await screen.findByTestId('help-dialog')).toBeTruthy();
      await user.click(screen.getByTestId('help-ok'));
    };

    await pressHelp();
    await user.click(screen.getByTestId('category-government'));
    await pressHelp();
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    await pressHelp();
    await user.click(screen.getByTestId('take-number'));
    await screen.findByTestId('ticket-number');
    await pressHelp();
    await user.click(screen.getByTestId('nav-needs'));
    await pressHelp();

    expect(visited).toEqual(['screen-home', 'screen-services', 'screen-detail', 'screen-ticket', 'screen-needs']);
    const requests = (await db.helpRequests.find().exec()).map((r) => r.screen);
    expect(requests.sort()).toEqual(['detail', 'home', 'needs', 'services', 'ticket']);
  });

  it('switches every text to the chosen language at once, including the catalog', async () => {
    view = await renderKiosk();
    const { user } = view;
    expect(await screen.findByText('您好！您想办什么事？')).toBeTruthy();

    await user.click(screen.getByTestId('lang-en'));
    expect(screen.getByText('Hello! What can we help you with?')).toBeTruthy();
    expect(screen.queryByText('您好！您想办什么事？')).toBeNull();
    expect(screen.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');

    await user.click(screen.getByTestId('category-government'));
    expect(await screen.findByRole('button', { name: /Social security card/ })).toBeTruthy();
    await user.click(screen.getByTestId('lang-zh-Hant'));
    expect(await screen.findByRole('button', { name: /社保卡辦理/ })).toBeTruthy();
  });

  it('warns an unattended screen, keeps it on one tap, and otherwise returns home in the default language', async () => {
    // Only the idle clock is faked; the database keeps its real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    view = await renderKiosk({ config: { idleSeconds: 15, idleWarningSeconds: 20 } });
    const { user } = view;
    await user.click(await screen.findByTestId('category-legal'));
    await user.click(screen.getByTestId('lang-en'));

    act(() => void vi.advanceTimersByTime(14_000));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    act(() => void vi.advanceTimersByTime(1_500));
    expect(screen.getByTestId('idle-warning')).toBeTruthy();
    expect(Number(screen.getByTestId('idle-seconds').textContent)).toBeGreaterThan(15);

    await user.click(screen.getByTestId('idle-stay'));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    expect(currentScreen()).toBe('screen-services');

    act(() => void vi.advanceTimersByTime(36_000));
    expect(currentScreen()).toBe('screen-home');
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    expect(await screen.findByText('您好！您想办什么事？')).toBeTruthy();
  });

  it('opens every screen at its top, whatever the screen before was scrolled to', async () => {
    view = await renderKiosk();
    const { user } = view;
    await user.click(await screen.findByTestId('category-government'));
    const main = screen.getByRole('main');
    main.scrollTop = 600;
    expect(main.scrollTop).toBe(600);
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    expect(currentScreen()).toBe('screen-detail');
    expect(screen.getByRole('main').scrollTop).toBe(0);
    // Back to the list opens it at its top too.
    screen.getByRole('main').scrollTop = 300;
    await user.click(screen.getByTestId('nav-back'));
    expect(currentScreen()).toBe('screen-services');
    expect(screen.getByRole('main').scrollTop).toBe(0);
  });

  it('gives no number for a service not offered today, and says in plain words when it is next', async () => {
    // Tuesday 16:05; the family doctor comes on Wednesdays 08:30–11:30.
    runAt(stationTime(2, '16:05'));
    view = await renderKiosk();
    const { user, db } = view;
    await user.click(await screen.findByTestId('category-health'));
    await user.click(await screen.findByTestId('service-health-family-doctor-clinic'));
    expect(screen.queryByTestId('take-number')).toBeNull();
    expect(screen.getByTestId('next-opening').textContent).toBe('下次办理：明天（周三） 08:30–11:30');
    expect(screen.getByTestId('detail-status').textContent).toBe('今天不办这项服务，今天取不了号');
    expect(await db.tickets.count().exec()).toBe(0);

    // In English, and a week on when today's slot is over.
    await user.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('next-opening').textContent).toBe('Next offered: Tomorrow (Wed) 08:30–11:30');
  });

  it("gives a number on the service's day, also before it opens", async () => {
    runAt(stationTime(3, '08:00'));
    view = await renderKiosk();
    const { user } = view;
    await user.click(await screen.findByTestId('category-health'));
    await user.click(await screen.findByTestId('service-health-family-doctor-clinic'));
    await user.click(screen.getByTestId('take-number'));
    expect((await screen.findByTestId('ticket-number')).textContent).toMatch(/^E\d{3}$/);
    // Queue E has one room: the ticket sends the resident straight there.
    expect(screen.getByTestId('ticket-location').textContent).toBe('健康小屋（一楼东侧）');
  });

  it('never names a counter on the ticket when several counters serve its queue', async () => {
    view = await renderKiosk();
    const { user } = view;
    await user.click(await screen.findByTestId('category-government'));
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    await user.click(screen.getByTestId('take-number'));
    await screen.findByTestId('ticket-number');
    expect(screen.getByTestId('ticket-location').textContent).toBe('一楼大厅等候区');
    expect(screen.getByTestId('ticket-watch-screen').textContent).toBe('叫到您的号码时，叫号屏会告诉您去几号窗口');
    expect(screen.getByRole('main').textContent).not.toMatch(/\d号窗口/);
  });

  it('tells counters which kiosk, screen and service, and then tells the resident who is coming', async () => {
    view = await renderKiosk({ config: { issuingSlot: 1, issuingSlots: 3 } });
    const { user, db } = view;
    await user.click(await screen.findByTestId('category-government'));
    await user.click(await screen.findByRole('button', { name: /社保卡办理/ }));
    await user.click(screen.getByTestId('help'));
    expect((await screen.findByTestId('help-dialog')).textContent).toContain('已经告诉工作人员了');
    const [request] = (await db.helpRequests.find().exec()).map((r) => r.toJSON());
    expect(request).toMatchObject({
      kioskNumber: 2,
      screen: 'detail',
      category: 'government',
      serviceId: 'gov-social-security-card',
      status: 'open',
    });

    // The resident closes the message; when a staff member taps "I'm going", it comes back with their name.
    await user.click(screen.getByTestId('help-ok'));
    expect(screen.queryByTestId('help-dialog')).toBeNull();
    await act(() => handleHelpRequest(db, request!.id, 'acknowledged', { id: 'wang-fang', name: '王芳' }));
    expect((await screen.findByText('王芳 马上过来')).closest('[data-testid="help-dialog"]')).toBeTruthy();
    expect(screen.getByTestId('help-status').textContent).toBe('请在这里稍等，王芳 会过来帮您。');
  });
});
