import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '#renderer/db/outbox.ts';
import { deviceCalls } from '#tests/unit/renderer/support/fake-device.ts';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

let view: KioskView | undefined;
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
});
