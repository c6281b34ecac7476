/**
 * The console's live overview and device health against a real district process
 * and a real kiosk page: a number taken on the kiosk shows in the overview within
 * 2 s (no reload: the overview's event stream); bands set by the district turn a
 * station's row critical and list it on top; a kiosk's printer switched off shows
 * on the device-health screen. Then axe and screenshots of both screens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { createConfigStore } from '#services/config-store.ts';
import { replicationPath } from '#protocol/wire-messages.ts';
import { formatTicketNumber, numberForSeq, stationDay } from '#protocol/ticket-numbering.ts';
import { startVirtualPrinter, type VirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { ENROL_PATH } from '#protocol/api.ts';
import { enrolDeviceFolder, openDevice, type Device } from './support/district.ts';
import { atStationTime } from './support/station-time.ts';
import { openService, takeNumber, waitForHome } from './support/resident.ts';
import {
  apiCall,
  apiSignIn,
  consoleScreenshot,
  consoleTest,
  openConsole,
  signedIn,
  expectAccessible,
  consoleFile,
} from './support/console.ts';

const test = consoleTest;
const SHANGHAI_MS = 8 * 3_600_000;
const STATION = 'pudong-demo';

const file = consoleFile('console-live', {
  cleanup: async () => {
    await printer?.close();
  },
});
let printer: VirtualPrinter | null = null;

/**
 * The shift of the kiosk's clock that lets it give a number of the station's current
 * day (Shanghai) now: the kiosk gives numbers only while a service is offered (the
 * residence permit: weekdays 09:00–17:00), and the overview counts the current day.
 * During those hours the kiosk runs on the real clock, so its number has waited
 * nothing when the bands are checked; before them it runs at 10:00 (a number from
 * the future has waited nothing either). When no real-clock number could stay
 * under the 20-minute band (a weekend, after 16:50): the reason to skip.
 */
function kioskShift(): { shift: number } | { skip: string } {
  const now = Date.now();
  const local = new Date(now + SHANGHAI_MS);
  if ([0, 6].includes(local.getUTCDay()))
    return {
      skip: "the demo catalog's residence permit is not offered on a weekend, so no kiosk gives its numbers today",
    };
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (minutes >= 16 * 60 + 50)
    return {
      skip: 'after 16:50 in Shanghai a number of today would have waited for hours by the time the bands are checked',
    };
  if (minutes >= 9 * 60 + 5) return { shift: 0 };
  return { shift: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 10) - SHANGHAI_MS - now };
}

/** A kiosk enrolled at the demo station, its printer the virtual one, its clock shifted by `shift` ms. */
async function openKiosk(shift: number): Promise<Device> {
  const dataDir = join(file.root, 'kiosk', 'device');
  await enrolDeviceFolder(file.district.url, dataDir, STATION, { role: 'kiosk', slot: 0, slots: 2 });
  printer = await startVirtualPrinter();
  const store = createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } });
  await store.update({ printer: { kind: 'network', host: printer.host, port: printer.port } });
  const kiosk = await openDevice(file.root, 'kiosk', (context) => atStationTime(context, shift));
  file.devices.push(kiosk);
  await waitForHome(kiosk.page);
  return kiosk;
}

/** A second kiosk (slot 1 of 2) that only calls the API: a ticket that has waited `minutes` already. */
async function pushWaitingTicket(minutes: number): Promise<void> {
  const s = await apiSignIn(file.district.url, 'admin');
  const { code } = await apiCall<{ code: string }>(s, 'POST', `/stations/${STATION}/enrolment-codes`, {
    role: 'kiosk',
    issuingSlot: 1,
    issuingSlots: 2,
  });
  const enrolled = await fetch(`${file.district.url}${ENROL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: '二号取号机' }),
  });
  const { credential, deviceId } = (await enrolled.json()) as { credential: string; deviceId: string };
  const issuedAt = Date.now() - minutes * 60_000;
  const number = formatTicketNumber('A', numberForSeq(1, { slot: 1, slots: 2 }));
  const ticket = {
    id: `e2e-waiting-${issuedAt}`,
    stationId: STATION,
    deviceId,
    day: stationDay(issuedAt, 480),
    queue: 'A',
    seq: 1,
    number,
    serviceId: 'party-member-report-in',
    channel: 'kiosk',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt,
    callCount: 0,
    history: [{ action: 'issue', at: issuedAt, by: deviceId, from: 'waiting', to: 'waiting' }],
    _deleted: false,
  };
  const res = await fetch(`${file.district.url}${replicationPath('tickets', 'push')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ newDocumentState: ticket }]),
  });
  expect(res.status, await res.text()).toBe(200);
}

test('a number taken on a kiosk shows in the open overview live, and bands turn the row critical', async () => {
  test.setTimeout(240_000);
  const clock = kioskShift();
  test.skip('skip' in clock, 'skip' in clock ? clock.skip : '');
  const kiosk = await openKiosk('shift' in clock ? clock.shift : 0);
  const { page, close } = await openConsole(file.browser, file.district.url, {
    viewport: { width: 1920, height: 1080 },
  });
  try {
    await signedIn(page, 'admin');
    await page.goto(`${file.district.url}/console/#/overview`);
    await expect(page.getByTestId('overview-connection')).toHaveAttribute('data-state', 'live');
    const waiting = page.getByTestId(`waiting-${STATION}`).locator('.figure');
    const before = Number(await waiting.textContent());

    await openService(kiosk.page, 'government', 'gov-residence-permit');
    const number = await takeNumber(kiosk.page);
    const takenAt = Date.now();
    // Live, without a reload. The 2 s the issue names is a figure, printed here and in bench:overview
    // (the push → overview stream latency); the bound only tells "live" from "never" on a loaded CI.
    await expect(waiting).toHaveText(String(before + 1), { timeout: 15_000 });
    test.info().annotations.push({
      type: 'measure',
      description: `${number} taken on the kiosk reached the open overview after ${Date.now() - takenAt} ms`,
    });

    // A resident who has waited 12 minutes: fine under the default 20/40 bands…
    await pushWaitingTicket(12);
    const row = page.getByTestId(`overview-${STATION}`);
    await expect(waiting).toHaveText(String(before + 2));
    await expect(row).toHaveAttribute('data-band', 'ok');
    await expect(page.getByTestId(`critical-${STATION}`)).toHaveCount(0);
    await expectAccessible(page, 'overview');
    await consoleScreenshot(page, 'overview', 'zh-Hans');

    // …critical once the district sets queue A's bands to 5/10 minutes.
    await page.getByTestId('threshold-add').click();
    await page.getByTestId('threshold-queue-1').fill('A');
    await page.getByTestId('threshold-A-warning').fill('5');
    await page.getByTestId('threshold-A-critical').fill('10');
    await page.getByTestId('thresholds-save').click();
    await expect(page.getByTestId('notice-ok')).toBeVisible();
    await expect(row).toHaveAttribute('data-band', 'critical');
    const listed = page.getByTestId(`critical-${STATION}`);
    await expect(listed).toContainText('自');
    await expect(listed).toContainText('A');
    await expectAccessible(page, 'overview with a critical station');
    for (const lang of ['zh-Hans', 'en'] as const) {
      await page.getByTestId('lang').selectOption(lang);
      for (const viewport of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(viewport);
        await consoleScreenshot(page, 'overview-critical', lang);
      }
    }
    await expectAccessible(page, 'overview in English');

    // Sorting by any column: by station name, the two stations in name order, then reversed.
    await page.getByTestId('sort-name').click();
    const ids = () =>
      page.locator('[data-testid="overview-list"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.testid));
    const ascending = await ids();
    await page.getByTestId('sort-name').click();
    expect(await ids()).toEqual([...ascending].reverse());
    // The street filter leaves the other street's station out.
    await page.getByTestId('overview-street').selectOption('陆家嘴街道');
    expect(await ids()).toEqual(['overview-lujiazui-1']);
  } finally {
    await close();
  }
});

test("a kiosk's printer switched off shows on the device-health screen", async () => {
  test.setTimeout(240_000);
  test.skip(!printer || file.devices.length === 0, 'needs the kiosk of the test before');
  const deviceId = (
    JSON.parse(readFileSync(join(file.root, 'kiosk', 'device', 'device-config.json'), 'utf8')) as {
      deviceId: string;
    }
  ).deviceId;
  const { page, close } = await openConsole(file.browser, file.district.url, {
    viewport: { width: 1920, height: 1080 },
  });
  try {
    await signedIn(page, 'admin');
    await page.goto(`${file.district.url}/console/#/health/${STATION}`);
    const cell = page.getByTestId(`printer-${deviceId}`);
    // The kiosk reports its printer as ready first.
    await expect(async () => {
      await page.getByTestId('health-refresh').click();
      await expect(cell).toContainText('正常', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });

    await printer!.close();
    printer = null;
    // The kiosk looks at its printer every 15 s and reports a change at once.
    await expect(async () => {
      await page.getByTestId('health-refresh').click();
      await expect(cell).toContainText('已关机或连不上', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId(`health-${deviceId}`)).toHaveAttribute('data-printer', 'unreachable');
    await expectAccessible(page, 'device health');
    for (const lang of ['zh-Hans', 'en'] as const) {
      await page.getByTestId('lang').selectOption(lang);
      for (const viewport of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(viewport);
        await consoleScreenshot(page, 'device-health', lang);
      }
    }
    await expectAccessible(page, 'device health in English');
  } finally {
    await close();
  }
});
