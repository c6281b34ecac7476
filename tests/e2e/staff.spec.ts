/**
 * The staff counter with a real district: a kiosk and two counters of one station.
 * Staff sign in with a PIN, call, recall, serve, mark no-shows, transfer and finish;
 * the resident rates; the other counter sees it all through sync, also after the
 * network was down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { TicketDoc } from '#protocol/schemas.ts';
import { expectElderFriendly, expectFitsScreen, expectNoAxeViolations } from './support/elder-ux.ts';
import { atEachSize, STAFF_SIZES } from './support/layout.ts';
import {
  districtTickets,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  stationTest,
  type Device,
} from './support/district.ts';
import { openService, readLocalCollection, screenshot, takeNumber, waitForHome } from './support/resident.ts';

const test = stationTest;

async function signIn(page: Page, staffId: string, pin: string, counterId: string): Promise<void> {
  await page.getByTestId(`staff-${staffId}`).click();
  for (const d of pin) await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await page.getByTestId(`counter-${counterId}`).click();
  await expect(page.getByTestId('screen-staff-board')).toBeVisible();
}

async function takeTicket(page: Page, category: string, service: string): Promise<string> {
  await openService(page, category, service);
  const number = await takeNumber(page);
  await page.getByTestId('ticket-done').click();
  return number;
}

test('staff work the queue at two counters, the resident rates, and sync carries it all — also through an outage', async () => {
  // Three devices, and the board, rating and summary checked at three sizes each.
  test.setTimeout(240_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-staff-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  const devices: Device[] = [];
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), station.id, {
      role: 'kiosk',
      slot: 0,
      slots: 3,
    });
    await enrolDeviceFolder(district.url, join(root, 'c1', 'device'), station.id, {
      role: 'counter',
      slot: 1,
      slots: 3,
    });
    await enrolDeviceFolder(district.url, join(root, 'c2', 'device'), station.id, {
      role: 'counter',
      slot: 2,
      slots: 3,
    });
    const kiosk = await openDevice(root, 'kiosk');
    const c1 = await openDevice(root, 'c1');
    const c2 = await openDevice(root, 'c2');
    devices.push(kiosk, c1, c2);
    await waitForHome(kiosk.page);

    const first = await takeTicket(kiosk.page, 'government', 'gov-social-security-card');
    const second = await takeTicket(kiosk.page, 'government', 'gov-pension-check');
    const third = await takeTicket(kiosk.page, 'life', 'life-meal-assistance');
    expect([first, second, third]).toEqual(['B001', 'B002', 'C001']);

    // A wrong PIN is refused and counted; the right one signs in.
    await c1.page.getByTestId('staff-wang-fang').click();
    for (const d of '9999') await c1.page.getByTestId(`pin-${d}`).click();
    await c1.page.getByTestId('pin-ok').click();
    await expect(c1.page.getByTestId('signin-message')).toContainText('还可以试 4 次');
    await c1.page.getByTestId('signin-message').waitFor();
    for (const d of '1234') await c1.page.getByTestId(`pin-${d}`).click();
    await c1.page.getByTestId('pin-ok').click();
    await c1.page.getByTestId('counter-2').click();
    await expect(c1.page.getByTestId('screen-staff-board')).toBeVisible();
    await signIn(c2.page, 'li-qiang', '5678', '1');

    // Counter 2 serves queues B and C: the next is the earliest issued.
    await expect(c1.page.getByTestId('waiting-B001')).toBeVisible({ timeout: 10_000 });
    await expectNoAxeViolations(c1.page, 'staff board');
    await atEachSize(c1.page, STAFF_SIZES, async (at) => {
      await screenshot(c1.page, `chromium/staff/${at.name}/board`);
      await expectFitsScreen(c1.page, `staff board at ${at.name}`);
    });
    await c1.page.getByTestId('call-next').click();
    await expect(c1.page.getByTestId('current-ticket')).toContainText('B001');
    await expect(c1.page.getByTestId('current-ticket')).toHaveAttribute('data-status', 'called');
    // The other counter sees the call through sync: B001 is no longer waiting there.
    await expect(c2.page.getByTestId('waiting-B001')).toBeHidden({ timeout: 5_000 });
    await c1.page.getByTestId('action-recall').click();
    await c1.page.getByTestId('action-start').click();
    await c1.page.getByTestId('action-finish').click();

    // The resident rates on the counter's screen; a low rating asks why.
    await expect(c1.page.getByTestId('rating')).toBeVisible();
    await expectElderFriendly(c1.page, 'rating');
    await atEachSize(c1.page, STAFF_SIZES, async (at) => {
      await screenshot(c1.page, `chromium/staff/${at.name}/rating`);
      await expectFitsScreen(c1.page, `rating at ${at.name}`);
    });
    await c1.page.getByTestId('rate-2').click();
    await c1.page.getByTestId('reason-waited_long').click();
    await expectElderFriendly(c1.page, 'rating reasons');
    await c1.page.getByTestId('rating-send').click();
    await expect(c1.page.getByTestId('screen-staff-board')).toBeVisible();

    // No-show and reactivate, then transfer keeps the number.
    await c1.page.getByTestId('call-next').click();
    await expect(c1.page.getByTestId('current-ticket')).toContainText('B002');
    await c1.page.getByTestId('action-no_show').click();
    await expect(c1.page.getByTestId('closed-B002')).toBeVisible();
    await c1.page.getByTestId('reactivate-B002').click();
    await expect(c1.page.getByTestId('waiting-B002')).toBeVisible();
    await c1.page.getByTestId('call-B002').click();
    await c1.page.getByTestId('action-transfer').click();
    await c1.page.getByTestId('transfer-D').click();
    await expect(c2.page.getByTestId('waiting-B002')).toBeVisible({ timeout: 5_000 });
    await expect(c2.page.getByTestId('queue-D')).toContainText('B002');

    // The network goes down at counter 2: it keeps working, and both converge after.
    await c2.context.setOffline(true);
    // Counter 1 serves queues A and B, where nobody waits now; it calls C001 from the other queues.
    await expect(c2.page.getByTestId('call-next')).toBeDisabled();
    await c2.page.getByTestId('call-C001').click();
    await expect(c2.page.getByTestId('current-ticket')).toContainText('C001');
    await c2.page.getByTestId('action-start').click();
    await c2.page.getByTestId('action-finish').click();
    await c2.page.getByTestId('rate-5').click();
    await c2.context.setOffline(false);

    const byNumber = async () =>
      Object.fromEntries((await districtTickets(district.url, kiosk.dataDir)).map((t) => [t.number, t]));
    await expect.poll(async () => (await byNumber()).C001?.status, { timeout: 30_000 }).toBe('done');
    const atDistrict = await byNumber();
    expect(atDistrict.B001).toMatchObject({
      status: 'done',
      counter: '2',
      servedBy: 'wang-fang',
      firstReceivedBy: 'wang-fang',
      callCount: 2,
      rating: { level: 2, reasons: ['waited_long'] },
    });
    expect(atDistrict.B002).toMatchObject({ status: 'waiting', queue: 'D', number: 'B002' });
    expect(atDistrict.B002?.history.map((h) => h.action)).toEqual([
      'issue',
      'call',
      'no_show',
      'reactivate',
      'call',
      'transfer',
    ]);
    expect(atDistrict.C001).toMatchObject({ status: 'done', servedBy: 'li-qiang', rating: { level: 5 } });
    const local = (await readLocalCollection(c1.page, 'tickets')) as unknown as TicketDoc[];
    await expect
      .poll(
        async () =>
          ((await readLocalCollection(c1.page, 'tickets')) as unknown as TicketDoc[]).find((t) => t.number === 'C001')
            ?.status,
        { timeout: 20_000 },
      )
      .toBe('done');
    expect(local.length).toBe(3);

    await c1.page.getByTestId('open-summary').click();
    await expect(c1.page.getByTestId('summary-total')).toHaveText('3');
    await expect(c1.page.getByTestId('summary-done')).toHaveText('2');
    await expect(c1.page.getByTestId('summary-ratings')).toContainText('2 条，平均 3.5 分');
    await atEachSize(c1.page, STAFF_SIZES, async (at) => {
      await screenshot(c1.page, `chromium/staff/${at.name}/summary`);
      await expectFitsScreen(c1.page, `summary at ${at.name}`);
    });
  } finally {
    for (const d of devices) await d.close().catch(() => undefined);
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

/** Counter and kiosk screenshots of issue 12's new screens at the station PCs' two landscape sizes. */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
async function shootAtSizes(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `chromium/staff/${size.width}x${size.height}/${name}`);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

test('help reaches the counter with the kiosk and service, "我去" reaches the kiosk; call next asks about a ticket still called; a closed service is issued at the counter', async () => {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-staff-12-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  const devices: Device[] = [];
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), station.id, {
      role: 'kiosk',
      slot: 0,
      slots: 2,
    });
    await enrolDeviceFolder(district.url, join(root, 'c1', 'device'), station.id, {
      role: 'counter',
      slot: 1,
      slots: 2,
    });
    const kiosk = await openDevice(root, 'kiosk');
    const c1 = await openDevice(root, 'c1');
    devices.push(kiosk, c1);
    await waitForHome(kiosk.page);
    const first = await takeTicket(kiosk.page, 'government', 'gov-social-security-card');
    const second = await takeTicket(kiosk.page, 'government', 'gov-pension-check');
    await signIn(c1.page, 'wang-fang', '1234', '1');

    // Help: the resident asks on the pension detail screen; the counter shows where, and chimes.
    await openService(kiosk.page, 'government', 'gov-pension-check');
    await kiosk.page.getByTestId('help').click();
    await expect(kiosk.page.getByTestId('help-dialog')).toContainText('已经告诉工作人员了');
    const request = c1.page.getByTestId('help-request');
    await expect(request).toBeVisible({ timeout: 15_000 });
    await expect(request.getByTestId('help-kiosk')).toHaveText('1号取号机');
    await expect(request.getByTestId('help-where')).toHaveText('服务详情 · 养老金领取认证');
    await expect(request.getByTestId('help-ago')).toHaveText('刚刚');
    await expectElderFriendly(c1.page, 'help request at the counter');
    await shootAtSizes(c1.page, 'help-request');
    await request.getByTestId('help-going').click();
    await expect(request.getByTestId('help-going-by')).toHaveText('王芳 已去');
    // Through the district, the kiosk tells the resident who is coming.
    await expect(kiosk.page.getByTestId('help-dialog')).toContainText('王芳 马上过来', { timeout: 15_000 });
    await expect(kiosk.page.getByTestId('help-status')).toHaveText('请在这里稍等，王芳 会过来帮您。');
    await expectElderFriendly(kiosk.page, 'help on its way at the kiosk');
    await shootAtSizes(kiosk.page, 'kiosk-help-coming');
    await kiosk.page.getByTestId('help-ok').click();

    // Call next while the first ticket is still called: the counter asks what happened to it.
    await expect(c1.page.getByTestId(`waiting-${first}`)).toBeVisible({ timeout: 10_000 });
    await c1.page.getByTestId('call-next').click();
    await expect(c1.page.getByTestId('current-ticket')).toContainText(first);
    await c1.page.getByTestId('call-next').click();
    const ask = c1.page.getByTestId('still-called');
    await expect(ask).toContainText(`${first} 号还在叫号中`);
    await expectElderFriendly(c1.page, 'still called on call next');
    await shootAtSizes(c1.page, 'still-called');
    await ask.getByTestId('still-keep').click();
    await expect(c1.page.getByTestId('current-ticket')).toContainText(second);
    await expect(c1.page.getByTestId(`held-${first}`)).toBeVisible();
    await c1.page.getByTestId(`held-${first}-no_show`).click();
    await expect(c1.page.getByTestId(`closed-${first}`)).toBeVisible();

    // A service not offered today: the kiosk gives none, the counter still issues one, the district takes it.
    const weekday = await c1.page.evaluate(() => new Date(Date.now() + 8 * 3_600_000).getUTCDay());
    const closed =
      weekday === 3
        ? { category: 'legal', id: 'legal-lawyer-consultation' }
        : { category: 'health', id: 'health-family-doctor-clinic' };
    await c1.page.getByTestId('open-issue').click();
    await c1.page.getByTestId(`issue-category-${closed.category}`).click();
    await c1.page.getByTestId(`issue-service-${closed.id}`).click();
    const issued = (await c1.page.getByTestId('issued-number').textContent()) ?? '';
    expect(issued).toMatch(/^[DE]\d{3}$/);
    await c1.page.getByTestId('issue-close').click();
    await expect
      .poll(
        async () => (await districtTickets(district.url, kiosk.dataDir)).find((t) => t.number === issued)?.serviceId,
        {
          timeout: 20_000,
        },
      )
      .toBe(closed.id);

    // The day's summary adds up: every ticket counted once, by its status now.
    await c1.page.getByTestId('open-summary').click();
    const count = async (id: string) => Number(await c1.page.getByTestId(id).textContent());
    await expect(c1.page.getByTestId('summary-total')).toHaveText('3');
    const statuses = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'];
    const byStatus = Object.fromEntries(await Promise.all(statuses.map(async (s) => [s, await count(`summary-${s}`)])));
    expect(byStatus).toEqual({ waiting: 1, called: 1, serving: 0, done: 0, no_show: 1, cancelled: 0 });
    await shootAtSizes(c1.page, 'summary-adds-up');
  } finally {
    for (const d of devices) await d.close().catch(() => undefined);
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
