/**
 * Honest status on a station with a hub (issue 11, item 5): the header of the kiosk and
 * of the counter names the station's state in plain words — all connected / station
 * connected, district unreachable / this device alone — with how many items wait to
 * reach the district, and the diagnostics show the hub's address, its lag behind the
 * district and the devices it serves. Real processes: a district, a hub, the station's
 * WAN cut with a fault proxy, the hub killed. Screenshots of each state at the kiosk's
 * and the counter's sizes (PRODUCT.md) in 简体中文 and English, 繁體中文 at one size,
 * under artifacts/screenshots/chromium/hub/.
 */
import { expect, type Page } from '@playwright/test';
import type { Lang } from '#protocol/languages.ts';
import { stationTest } from './support/district.ts';
import { openHubStation, type HubStation } from './support/hub-station.ts';
import { resize, RESIDENT_SIZES, SETUP_SIZES, STAFF_SIZES, type Size } from './support/layout.ts';
import { chooseLanguage, openService, screenshot, takeNumber, waitForHome } from './support/resident.ts';

const test = stationTest;
const PIN = '246810';

type State = 'all-connected' | 'station-only' | 'alone';

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('staff-wang-fang').click();
  for (const d of '1234') await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await page.getByTestId('counter-1').click();
  await expect(page.getByTestId('screen-staff-board')).toBeVisible();
}

/** The header's state and count, as the element carries them and as it says them in English. */
async function expectHeader(page: Page, state: State, waiting: number, words: string): Promise<void> {
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-link', state, { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-waiting', String(waiting), { timeout: 30_000 });
  await chooseLanguage(page, 'en');
  await expect(status).toHaveText(
    waiting === 0 ? words : `${words} · ${waiting} ${waiting === 1 ? 'item' : 'items'} waiting to reach the district`,
  );
}

/** Every size in zh-Hans and en, and zh-Hant at the first size. */
async function shootAll(page: Page, sizes: Size[], name: string): Promise<void> {
  for (const [i, size] of sizes.entries()) {
    await resize(page, size);
    const langs: Lang[] = i === 0 ? ['zh-Hans', 'zh-Hant', 'en'] : ['zh-Hans', 'en'];
    for (const lang of langs) {
      await chooseLanguage(page, lang);
      await screenshot(page, `chromium/hub/${name}/${size.width}x${size.height}/${lang}`);
    }
  }
  await resize(page, sizes[0]!);
}

/** The technician's way in: #setup, the PIN (set on the first visit), the setup menu. */
async function openSetupMenu(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#setup'));
  const pin = page.getByTestId('setup-pin');
  await expect(pin.or(page.getByTestId('setup-menu'))).toBeVisible({ timeout: 30_000 });
  if (await pin.isVisible()) {
    const times = (await pin.getAttribute('data-mode')) === 'set' ? 2 : 1;
    for (let i = 0; i < times; i++) {
      for (const d of PIN) await page.getByTestId(`pin-${d}`).click();
      await page.getByTestId('pin-ok').click();
    }
  }
  await expect(page.getByTestId('setup-menu')).toBeVisible();
}

async function openDiagnostics(page: Page): Promise<void> {
  await openSetupMenu(page);
  await page.getByTestId('setup-open-diagnostics').click();
  await expect(page.getByTestId('setup-diagnostics')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await chooseLanguage(page, 'en');
}

async function backToKiosk(page: Page): Promise<void> {
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.reload();
  await waitForHome(page);
}

const fact = (page: Page, id: string) => page.getByTestId(`diag-${id}`).locator('dd');

async function takeTicket(page: Page): Promise<string> {
  await openService(page, 'government', 'gov-social-security-card');
  const number = await takeNumber(page);
  await page.getByTestId('ticket-done').click();
  await waitForHome(page);
  return number;
}

test('the header and diagnostics name each of the three states of a station with a hub, with what waits for the district', async () => {
  test.setTimeout(900_000);
  let station: HubStation | undefined;
  try {
    station = await openHubStation();
    const { kiosk, counter, hubUrl } = station;
    // A loaded machine: first starts of two replicas beside a district and a hub take their time.
    for (const device of [kiosk, counter]) device.page.setDefaultTimeout(60_000);
    await waitForHome(kiosk.page);
    await signIn(counter.page);

    // 1. All connected.
    await expectHeader(kiosk.page, 'all-connected', 0, 'All connected');
    await expectHeader(counter.page, 'all-connected', 0, 'All connected');
    await shootAll(kiosk.page, RESIDENT_SIZES, 'all-connected/kiosk');
    await shootAll(counter.page, STAFF_SIZES, 'all-connected/counter');
    await openDiagnostics(kiosk.page);
    await expect(fact(kiosk.page, 'hub')).toHaveText(`${hubUrl} · syncing through the hub`);
    await expect(fact(kiosk.page, 'link')).toHaveText('All connected');
    await expect(fact(kiosk.page, 'hub-lag')).toHaveText('not behind');
    await expect(fact(kiosk.page, 'hub-waiting')).toHaveText('0');
    await expect(fact(kiosk.page, 'hub-devices')).toContainText('e2e kiosk (Resident kiosk)');
    await expect(fact(kiosk.page, 'hub-devices')).toContainText('e2e counter (Staff counter)');
    await shootAll(kiosk.page, RESIDENT_SIZES, 'all-connected/kiosk-diagnostics');
    await backToKiosk(kiosk.page);

    // 2. The station's WAN cut: the station works as one through the hub; what the kiosk takes waits in the hub.
    station.wan.partition();
    await expectHeader(kiosk.page, 'station-only', 0, 'Station connected, district unreachable');
    const first = await takeTicket(kiosk.page);
    await expect(counter.page.getByTestId(`waiting-${first}`)).toBeVisible({ timeout: 15_000 });
    await expectHeader(kiosk.page, 'station-only', 1, 'Station connected, district unreachable');
    await expectHeader(counter.page, 'station-only', 1, 'Station connected, district unreachable');
    await shootAll(kiosk.page, RESIDENT_SIZES, 'station-only/kiosk');
    await shootAll(counter.page, STAFF_SIZES, 'station-only/counter');
    await openDiagnostics(kiosk.page);
    await expect(fact(kiosk.page, 'hub')).toHaveText(`${hubUrl} · syncing through the hub`);
    await expect(fact(kiosk.page, 'link')).toHaveText(
      'Station connected, district unreachable · 1 item waiting to reach the district',
    );
    await expect(fact(kiosk.page, 'hub-lag')).toHaveText(/^about \d+ s$/, { timeout: 20_000 });
    await expect(fact(kiosk.page, 'hub-waiting')).toHaveText('1');
    await expect(fact(kiosk.page, 'hub-devices')).toContainText('e2e kiosk (Resident kiosk)');
    await expect(fact(kiosk.page, 'hub-devices')).toContainText('e2e counter (Staff counter)');
    await shootAll(kiosk.page, RESIDENT_SIZES, 'station-only/kiosk-diagnostics');
    await backToKiosk(kiosk.page);

    // 3. The hub down too: each device alone, counting only its own writes.
    await station.killHub();
    await expectHeader(kiosk.page, 'alone', 0, 'This device alone');
    const second = await takeTicket(kiosk.page);
    await expectHeader(kiosk.page, 'alone', 1, 'This device alone');
    await expectHeader(counter.page, 'alone', 0, 'This device alone');
    await expect(counter.page.getByTestId(`waiting-${second}`)).toBeHidden();
    await shootAll(kiosk.page, RESIDENT_SIZES, 'alone/kiosk');
    await shootAll(counter.page, STAFF_SIZES, 'alone/counter');
    await openDiagnostics(kiosk.page);
    await expect(fact(kiosk.page, 'hub')).toHaveText(`${hubUrl} · the hub does not answer, nor does the district`);
    await expect(fact(kiosk.page, 'link')).toHaveText('This device alone · 1 item waiting to reach the district');
    await shootAll(kiosk.page, RESIDENT_SIZES, 'alone/kiosk-diagnostics');
    await backToKiosk(kiosk.page);

    // Both back: all connected again, nothing left waiting, and the counter has both tickets.
    station.wan.heal();
    await station.restartHub();
    await expectHeader(kiosk.page, 'all-connected', 0, 'All connected');
    await expectHeader(counter.page, 'all-connected', 0, 'All connected');
    await expect(counter.page.getByTestId(`waiting-${second}`)).toBeVisible({ timeout: 15_000 });

    // Setup's hub step on a device of the station: the hub's address it keeps.
    await openSetupMenu(kiosk.page);
    await kiosk.page.getByTestId('setup-open-hub').click();
    await chooseLanguage(kiosk.page, 'en');
    await expect(kiosk.page.getByTestId('setup-hub-current')).toHaveText(`Station hub address: ${hubUrl}`);
    await shootAll(kiosk.page, SETUP_SIZES, 'setup-hub/kiosk');
  } finally {
    await station?.close();
  }
});
