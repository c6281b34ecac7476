/**
 * The priority lane and the display's "coming next", end to end: a station turns
 * the lane on at the district; a resident answers the kiosk's one priority step; the
 * district keeps the ticket's priority; the counter calls it before the earlier
 * regular ones as the station's rule says (then two regular calls before another
 * priority one); it is marked on the ticket screen, the paper (ESC/POS bytes
 * decoded by the virtual printer), the staff board and the calling display, whose
 * "coming next" lists each queue's next numbers in the rule's order. When the
 * display loses the district it says "正在重新连接" instead of looking live, and
 * recovers when the district is back. Real district process, real replication,
 * real Chromium.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { StationDoc } from '#protocol/schemas.ts';
import { createConfigStore } from '#services/config-store.ts';
import { startVirtualPrinter, type VirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import {
  admin,
  districtTickets,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  stationTest,
  type Device,
} from './support/district.ts';
import { expectElderFriendly, expectFitsScreen, expectInReach } from './support/elder-ux.ts';
import { atEachSize, DISPLAY_SIZES, RESIDENT_SIZES } from './support/layout.ts';
import { DEMO_CATALOG } from './support/paths.ts';
import { openService, screenshot, waitForHome } from './support/resident.ts';

const test = stationTest;
const expect = test.expect;

/** The lane on, for residents 70 and over, disabled residents and pregnant women; one priority call per two regular ones. */
const CALL_POLICY: NonNullable<StationDoc['callPolicy']> = {
  priority: {
    enabled: true,
    qualifies: { minAge: 70, disabled: true, pregnant: true },
    everyN: 2,
    maxExtraWaitMinutes: 15,
  },
  appointments: { earlyMinutes: 30, lateMinutes: 10 },
};

/** The district operator turns the lane on: the demo catalog again, its station with the call policy. */
async function turnLaneOn(districtUrl: string): Promise<void> {
  const file = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as { station: object };
  await admin(districtUrl, 'POST', '/catalog', { ...file, station: { ...file.station, callPolicy: CALL_POLICY } });
}

/** Home → 社保卡办理 → take a number → the priority step, answered; returns the number on the ticket screen. */
async function takeAnswering(page: Page, answer: 'yes' | 'no', check?: () => Promise<void>): Promise<string> {
  await openService(page, 'government', 'gov-social-security-card');
  await page.getByTestId('take-number').click();
  await expect(page.getByTestId('screen-priority')).toBeVisible();
  await check?.();
  await page.getByTestId(`priority-${answer}`).click();
  const number = page.getByTestId('ticket-number');
  await expect(number).toHaveText(/^B\d{3}$/);
  return (await number.textContent()) ?? '';
}

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('staff-wang-fang').click();
  for (const d of '1234') await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  // Counter 2 serves queues B and C.
  await page.getByTestId('counter-2').click();
  await expect(page.getByTestId('screen-staff-board')).toBeVisible();
}

/** Calls next at the counter and finishes the ticket (skipping the rating); returns the number called. */
async function callAndFinish(page: Page): Promise<string> {
  await page.getByTestId('call-next').click();
  const current = page.getByTestId('current-ticket');
  await expect(current).toHaveAttribute('data-status', 'called');
  const number = ((await current.locator('.current-number').textContent()) ?? '').slice(0, 4);
  await page.getByTestId('action-start').click();
  await page.getByTestId('action-finish').click();
  await page.getByTestId('rating-skip').click();
  await expect(page.getByTestId('screen-staff-board')).toBeVisible();
  return number;
}

const comingNextB = (page: Page) =>
  page
    .getByTestId('display-next-B')
    .locator('.display-next-number')
    .evaluateAll((els) =>
      els.map((e) => ({ number: e.getAttribute('data-number'), marked: !!e.querySelector('.priority-mark') })),
    );

test('a priority ticket from the kiosk is called before earlier regular ones, marked on screen, paper, board and display; the display says when it lost the district', async () => {
  test.setTimeout(300_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-priority-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  const devices: Device[] = [];
  let printer: VirtualPrinter | null = null;
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    await turnLaneOn(district.url);
    printer = await startVirtualPrinter();
    const kioskDir = join(root, 'kiosk', 'device');
    await enrolDeviceFolder(district.url, kioskDir, station.id, { role: 'kiosk', slot: 0, slots: 2 });
    await createConfigStore({ dataDir: kioskDir, logger: { info: () => undefined, warn: () => undefined } }).update({
      printer: { kind: 'network', host: printer.host, port: printer.port },
    });
    await enrolDeviceFolder(district.url, join(root, 'counter', 'device'), station.id, {
      role: 'counter',
      slot: 1,
      slots: 2,
    });
    await enrolDeviceFolder(district.url, join(root, 'display', 'device'), station.id, { role: 'display' });
    const kiosk = await openDevice(root, 'kiosk');
    devices.push(kiosk);
    await waitForHome(kiosk.page);

    // Two regular residents first, then one who asks for the lane.
    const first = await takeAnswering(kiosk.page, 'no');
    await printer.nextPrint(10_000);
    await kiosk.page.getByTestId('ticket-done').click();
    const second = await takeAnswering(kiosk.page, 'no');
    await printer.nextPrint(10_000);
    await kiosk.page.getByTestId('ticket-done').click();
    const priority = await takeAnswering(kiosk.page, 'yes', async () => {
      // The one step, as the station chose who qualifies, checked at every resident size.
      await expect(kiosk.page.getByTestId('priority-who')).toHaveText(/70 岁以上的老人\s*残疾人\s*孕妇/);
      await expectElderFriendly(kiosk.page, 'priority step');
      await atEachSize(kiosk.page, RESIDENT_SIZES, async (at) => {
        await screenshot(kiosk.page, `chromium/resident/${at.name}/priority-step`);
        await expectFitsScreen(kiosk.page, `priority step at ${at.name}`);
        if (at.portrait)
          await expectInReach(kiosk.page, ['priority-yes', 'priority-no'], `priority step at ${at.name}`);
      });
    });
    expect([first, second, priority]).toEqual(['B001', 'B002', 'B003']);
    await expect(kiosk.page.getByTestId('priority-mark')).toHaveText('优先办理');
    await screenshot(kiosk.page, 'chromium/resident/1280x800/ticket-priority');

    // The paper says so, right under the number (the largest line).
    const job = await printer.nextPrint(10_000);
    const lines = job.decoded.lines.map((l) => l.text.trim());
    const biggest = job.decoded.lines.reduce((a, b) => (b.height > a.height ? b : a));
    expect(biggest.text.trim()).toBe(priority);
    expect(lines[lines.indexOf(priority) + 1]).toBe('优先办理');
    expect(lines.filter((l) => l === '优先办理')).toHaveLength(1);

    // The district keeps the resident's answer, and the number is the kiosk's next one.
    await expect
      .poll(async () => (await districtTickets(district.url, kioskDir)).map((t) => [t.number, t.priority]).sort(), {
        timeout: 15_000,
      })
      .toEqual([
        ['B001', false],
        ['B002', false],
        ['B003', true],
      ]);

    const display = await openDevice(root, 'display');
    const counter = await openDevice(root, 'counter');
    devices.push(display, counter);
    await expect(display.page.getByTestId('screen-display')).toBeVisible({ timeout: 30_000 });
    // Coming next, in the rule's order: the day's first priority call goes straight ahead.
    await expect
      .poll(() => comingNextB(display.page), { timeout: 15_000 })
      .toEqual([
        { number: 'B003', marked: true },
        { number: 'B001', marked: false },
        { number: 'B002', marked: false },
      ]);
    await expect(display.page.getByTestId('display-reconnecting')).toBeHidden();

    await signIn(counter.page);
    await expect(counter.page.getByTestId('waiting-B003').getByTestId('priority-mark')).toBeVisible({
      timeout: 10_000,
    });
    await expect(counter.page.getByTestId('waiting-B001').getByTestId('priority-mark')).toHaveCount(0);
    await expect(counter.page.getByTestId('call-next')).toContainText('B003');
    await screenshot(counter.page, 'chromium/staff/1366x768/board-priority');

    // Called before B001 and B002, and marked as the display's big call.
    await counter.page.getByTestId('call-next').click();
    await expect(counter.page.getByTestId('current-ticket')).toContainText('B003');
    await expect(display.page.getByTestId('display-current-number')).toHaveText('B003', { timeout: 15_000 });
    await expect(display.page.locator('.display-call').getByTestId('priority-mark')).toBeVisible();
    await atEachSize(display.page, DISPLAY_SIZES, async (at) => {
      await screenshot(display.page, `chromium/display/${at.name}/priority-call`);
      await expectFitsScreen(display.page, `display with a priority call at ${at.name}`);
    });
    await counter.page.getByTestId('action-start').click();
    await counter.page.getByTestId('action-finish').click();
    await counter.page.getByTestId('rating-skip').click();

    // Staff put B002 in the lane at the counter (no proof asked at the kiosk, staff decide): marked everywhere,
    // but after this counter's priority call two regular calls come first, so B001 is still next.
    await counter.page.getByTestId('upgrade-B002').click();
    await expect(counter.page.getByTestId('waiting-B002').getByTestId('priority-mark')).toBeVisible();
    await expect
      .poll(() => comingNextB(display.page), { timeout: 15_000 })
      .toEqual([
        { number: 'B001', marked: false },
        { number: 'B002', marked: true },
      ]);
    expect(await callAndFinish(counter.page)).toBe('B001');
    // And down again: the lane is staff's to correct.
    await counter.page.getByTestId('downgrade-B002').click();
    await expect(counter.page.getByTestId('waiting-B002').getByTestId('priority-mark')).toHaveCount(0);
    expect(await callAndFinish(counter.page)).toBe('B002');
    await expect
      .poll(
        async () =>
          (await districtTickets(district.url, kioskDir))
            .find((t) => t.number === 'B002')
            ?.history.map((h) => h.action),
        {
          timeout: 15_000,
        },
      )
      .toEqual(['issue', 'upgrade', 'downgrade', 'call', 'start', 'finish']);

    // The district goes away: the display says so across the top and stops promising what comes next.
    await district.kill();
    const marker = display.page.getByTestId('display-reconnecting');
    await expect(marker).toBeVisible({ timeout: 30_000 });
    await expect(marker).toContainText('正在重新连接');
    await expect(display.page.getByTestId('screen-display')).toHaveAttribute('data-feed', 'reconnecting');
    await expect(display.page.getByTestId('display-next')).toHaveCount(0);
    await expect(display.page.locator('#display-current-label')).toHaveText('最后收到的叫号');
    await atEachSize(display.page, DISPLAY_SIZES, async (at) => {
      await screenshot(display.page, `chromium/display/${at.name}/reconnecting`);
      await expectFitsScreen(display.page, `display reconnecting at ${at.name}`);
    });
    // A resident takes a number meanwhile (the kiosk works offline); once the district is back the display is live with it.
    await kiosk.page.getByTestId('ticket-done').click();
    const later = await takeAnswering(kiosk.page, 'no');
    await district.start();
    await expect(marker).toBeHidden({ timeout: 60_000 });
    await expect.poll(() => comingNextB(display.page), { timeout: 30_000 }).toEqual([{ number: later, marked: false }]);
  } finally {
    for (const d of devices) await d.close();
    await printer?.close();
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
