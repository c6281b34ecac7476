import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { recordHelpRequest } from '#renderer/db/requests.ts';
import { issueTicket } from '#renderer/db/tickets.ts';
import { StaffBoard } from '#renderer/features/staff/StaffBoard.tsx';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

// A Tuesday, 10:00 in Shanghai; only Date is faked and it keeps moving.
const TUESDAY_10 = Date.UTC(2026, 10, 24, 2, 0);
const SESSION = { staffId: 'wang-fang', staffName: '王芳', counterId: '1' };

/** Counts the chime's tones: the counter uses the display's Web Audio chime. */
const tones: number[] = [];
class RecordingAudioContext {
  state = 'running';
  currentTime = 0;
  destination = {};
  createOscillator() {
    return {
      type: 'sine',
      frequency: { value: 0 },
      connect: () => undefined,
      start: (at: number) => tones.push(at),
      stop: () => undefined,
    };
  }
  createGain() {
    return {
      gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
      connect: () => undefined,
    };
  }
  resume = () => Promise.resolve();
  close = () => Promise.resolve();
}

let view: KioskView | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: TUESDAY_10, shouldAdvanceTime: true });
  tones.length = 0;
  (window as unknown as { AudioContext: unknown }).AudioContext = RecordingAudioContext;
});
afterEach(async () => {
  vi.useRealTimers();
  await view?.close();
  view = undefined;
  delete (window as unknown as { AudioContext?: unknown }).AudioContext;
});

async function counterBoard(): Promise<KioskView> {
  return renderKiosk({
    config: { role: 'counter', issuingSlot: 1, issuingSlots: 2 },
    screens: <StaffBoard session={SESSION} onSignOut={() => undefined} />,
  });
}

/** Kiosk tickets of queue B (counter 1 serves A and B), a second apart. */
async function issueB(v: KioskView, count: number): Promise<TicketDoc[]> {
  const station = (await v.db.stations.findOne(v.config.stationId).exec())!.toJSON() as StationDoc;
  const service = (await v.db.services.findOne('gov-social-security-card').exec())!.toJSON() as ServiceDoc;
  const out: TicketDoc[] = [];
  for (let i = 0; i < count; i++) {
    const device = { deviceId: 'kiosk-1', issuingSlot: 0, issuingSlots: 2 };
    out.push(await issueTicket(v.db, { service, station, device, lang: 'zh-Hans', now: TUESDAY_10 + i * 1000 }));
  }
  return out;
}

const statusOf = async (v: KioskView, number: string) =>
  (await v.db.tickets.findOne({ selector: { number } }).exec())?.status;

describe('call next with a ticket still called', () => {
  it('asks what happened to it, never loses it, and the day still adds up', async () => {
    view = await counterBoard();
    const v = view;
    const [b1, b2, b3, b4] = (await issueB(v, 5)).map((t) => t.number);
    const { user } = v;

    await user.click(await screen.findByRole('button', { name: `叫下一位 · ${b1}` }));
    expect((await screen.findByTestId('current-ticket')).textContent).toContain(b1);

    // Calling the next one while b1 is still called asks about b1 first; "keep" leaves it called, listed.
    await user.click(screen.getByTestId('call-next'));
    const dialog = await screen.findByTestId('still-called');
    expect(dialog.textContent).toContain(`${b1} 号还在叫号中`);
    await user.click(within(dialog).getByTestId('still-keep'));
    expect((await screen.findByTestId('current-ticket')).textContent).toContain(b2);
    expect(screen.getByTestId(`held-${b1}`).textContent).toContain('已叫号');
    expect(await statusOf(v, b1!)).toBe('called');

    // "Did not come" marks the one on the card no-show, then calls the next.
    await user.click(screen.getByTestId('call-next'));
    expect((await screen.findByTestId('still-called')).textContent).toContain(b2);
    await user.click(screen.getByTestId('still-no_show'));
    expect((await screen.findByTestId('current-ticket')).textContent).toContain(b3);
    expect(await statusOf(v, b2!)).toBe('no_show');
    expect(screen.getByTestId(`closed-${b2}`)).toBeTruthy();

    // "Served already" records it done (start, finish) without a rating screen; "back" calls nobody.
    await user.click(screen.getByTestId('call-next'));
    await user.click(await screen.findByTestId('still-done'));
    expect((await screen.findByTestId('current-ticket')).textContent).toContain(b4);
    expect(await statusOf(v, b3!)).toBe('done');
    expect(screen.queryByTestId('rating')).toBeNull();
    await user.click(screen.getByTestId('call-next'));
    await user.click(await screen.findByTestId('still-back'));
    expect(screen.queryByTestId('still-called')).toBeNull();
    expect(await statusOf(v, b4!)).toBe('called');

    // b1 is still in hand; the summary counts every ticket once.
    await user.click(screen.getByTestId(`held-${b1}-no_show`));
    expect(await statusOf(v, b1!)).toBe('no_show');
    await user.click(screen.getByTestId('open-summary'));
    const count = (id: string) => Number(screen.getByTestId(id).textContent);
    expect(count('summary-total')).toBe(5);
    expect({
      waiting: count('summary-waiting'),
      called: count('summary-called'),
      serving: count('summary-serving'),
      done: count('summary-done'),
      no_show: count('summary-no_show'),
      cancelled: count('summary-cancelled'),
    }).toEqual({ waiting: 1, called: 1, serving: 0, done: 1, no_show: 2, cancelled: 0 });
  });
});

describe('help requests at the counter', () => {
  it('shows the kiosk, the screen and service, how long ago, chimes once, and "I\'m going" names the helper', async () => {
    view = await counterBoard();
    const v = view;
    expect(await screen.findByText('没有求助')).toBeTruthy();
    const origin = { stationId: v.config.stationId, deviceId: 'kiosk-1', lang: 'zh-Hans' as const };
    const place = {
      screen: 'detail',
      kioskNumber: 1,
      category: 'government' as const,
      serviceId: 'gov-social-security-card',
    };
    const request = await act(() => recordHelpRequest(v.db, origin, place));

    const row = await screen.findByTestId('help-request');
    expect(within(row).getByTestId('help-kiosk').textContent).toBe('1号取号机');
    expect(within(row).getByTestId('help-where').textContent).toBe('服务详情 · 社保卡办理');
    expect(within(row).getByTestId('help-ago').textContent).toBe('刚刚');
    await vi.waitFor(() => expect(tones).toHaveLength(2)); // one ding-dong

    await v.user.click(within(row).getByTestId('help-going'));
    await vi.waitFor(async () =>
      expect((await v.db.helpRequests.findOne(request.id).exec())?.toJSON()).toMatchObject({
        status: 'acknowledged',
        handledBy: 'wang-fang',
        handledByName: '王芳',
      }),
    );
    expect((await screen.findByTestId('help-going-by')).textContent).toBe('王芳 已去');
    // The request changed but is not new: no second chime.
    expect(tones).toHaveLength(2);
  });
});
