/**
 * The documented one-machine demo station with a hub (README, "A demo station with a
 * hub"), started as a user starts it: one command, real processes, nothing set up by
 * the test. A ticket taken at the kiosk's address reaches both counters through the
 * hub and is called on the display; then Ctrl+C (SIGTERM) stops everything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import type { HubStatus } from '#protocol/hub.ts';
import { HUB_STATUS_PATH } from '#protocol/hub.ts';
import { freePort, stationTest } from './support/district.ts';
import { processesMentioning, startHubDemoCli, type RunningHubDemo } from './support/hub-demo.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './support/paths.ts';
import { chooseLanguage, openService, screenshot, takeNumber, waitForHome } from './support/resident.ts';
import { atStationTime } from './support/station-time.ts';

const test = stationTest;

async function openAt(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  // Services are offered on set days: the pages run at a station time when they are (station-time.ts).
  await atStationTime(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(url);
  return page;
}

async function signIn(page: Page, staffId: string, pin: string, counterId: string): Promise<void> {
  await page.getByTestId(`staff-${staffId}`).click();
  for (const d of pin) await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await page.getByTestId(`counter-${counterId}`).click();
  await expect(page.getByTestId('screen-staff-board')).toBeVisible();
}

const listening = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );

test('npm run start:browser -- --with-hub: a kiosk ticket reaches both counters through the hub and is called on the display; Ctrl+C leaves nothing running', async () => {
  test.setTimeout(720_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-hub-demo-'));
  let demo: RunningHubDemo | undefined;
  let browser: Browser | undefined;
  try {
    // Two counters: the demo lets a user add one beside the kiosk (it used to refuse a second issuing device).
    demo = await startHubDemoCli({
      dataDir: root,
      hubPort: await freePort(),
      districtPort: await freePort(),
      counters: 2,
    });
    const at = (name: string) => demo!.addresses.get(name)!;
    expect([...demo.addresses.keys()]).toEqual([
      'district server',
      'station hub',
      'kiosk',
      'counter (runs the station hub)',
      'counter 2',
      'calling display',
    ]);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    // One page after another: four first starts at once are slow on a loaded machine.
    const kiosk = await openAt(browser, at('kiosk'));
    await waitForHome(kiosk);
    const counter = await openAt(browser, at('counter (runs the station hub)'));
    await signIn(counter, 'wang-fang', '1234', '1');
    const counter2 = await openAt(browser, at('counter 2'));
    await signIn(counter2, 'li-qiang', '5678', '2');
    const display = await openAt(browser, at('calling display'));
    // Every device of the station names the all-connected state: each has the hub set and reaches it.
    for (const page of [kiosk, counter, counter2]) {
      await expect(page.getByTestId('sync-status')).toHaveAttribute('data-link', 'all-connected', { timeout: 60_000 });
    }

    await openService(kiosk, 'government', 'gov-social-security-card');
    const number = await takeNumber(kiosk);
    await expect(counter.getByTestId(`waiting-${number}`)).toBeVisible({ timeout: 15_000 });
    await expect(counter2.getByTestId(`waiting-${number}`)).toBeVisible({ timeout: 15_000 });

    // Through the hub: it serves the kiosk and the counters (the hub's own report, with a device's credential).
    const { credential } = JSON.parse(readFileSync(join(root, 'counter', 'device-credential.json'), 'utf8')) as {
      credential: string;
    };
    const report = (await (
      await fetch(`${demo.hubUrl}${HUB_STATUS_PATH}`, { headers: { authorization: `Bearer ${credential}` } })
    ).json()) as HubStatus;
    expect(report.districtConnected).toBe(true);
    expect(new Set(report.devices.map((d) => d.role))).toEqual(new Set(['kiosk', 'counter', 'display']));

    await counter.getByTestId('call-next').click();
    await expect(counter.getByTestId('current-ticket')).toContainText(number);
    await expect(display.getByTestId('display-current-number')).toHaveText(number, { timeout: 20_000 });

    // Setup's hub step on the counter that runs the hub: it says so, with the address the others use.
    await counter.evaluate(() => (location.hash = '#setup'));
    await expect(counter.getByTestId('setup-pin')).toHaveAttribute('data-mode', 'set', { timeout: 30_000 });
    for (let i = 0; i < 2; i++) {
      for (const d of '246810') await counter.getByTestId(`pin-${d}`).click();
      await counter.getByTestId('pin-ok').click();
    }
    await counter.getByTestId('setup-open-hub').click();
    await expect(counter.getByTestId('setup-hub')).toHaveAttribute('data-is-hub', 'true');
    await expect(counter.getByTestId('setup-hub-running')).toContainText(demo.hubUrl);
    // …and the port the other devices reach it on: the one it listens on (the demo's is not the default 8788).
    await expect(counter.getByTestId('setup-hub-running')).toContainText(`（端口 ${new URL(demo.hubUrl).port}）`);
    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      await chooseLanguage(counter, lang);
      await screenshot(counter, `chromium/hub/setup-hub/counter-is-hub/1366x768/${lang}`);
    }

    await browser.close();
    browser = undefined;
    const addresses = [...demo.addresses.values()];
    expect(await demo.stop()).toBe(0);
    expect(demo.output()).toContain('SIGTERM: stopping');
    for (const url of addresses) expect(await listening(url), `${url} still answers`).toBe(false);
    expect(processesMentioning(root)).toEqual([]);
  } finally {
    await browser?.close();
    await demo?.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
