/**
 * Following your turn on a phone: a number taken at the kiosk carries a QR code;
 * the link it holds, opened in a second browser (a phone, 390×844), shows the
 * number and the people ahead, and turns into "your turn — go to window 2" when a
 * counter calls it. A link with a wrong secret shows nothing about anyone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PUSH_REPORT_MEDIA_TYPE, replicationPath } from '#protocol/wire-messages.ts';
import { applyTicketAction } from '#protocol/ticket-lifecycle.ts';
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
import { expectElderFriendly, expectFitsScreen } from './support/elder-ux.ts';
import { LARGE_TEXT_SIZES, RESIDENT_SIZES, atEachSize, resize, type Size } from './support/layout.ts';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR } from './support/paths.ts';
import { openService, takeNumber, waitForHome } from './support/resident.ts';
import { stationNow } from './support/station-time.ts';

const test = stationTest;
const PHONE: Size = { width: 390, height: 844, name: '390x844', portrait: true };

/**
 * What a phone camera reads from the QR code on the ticket screen: a screenshot of
 * the symbol, decoded to pixels by a blank page of the phone's browser, read by jsQR.
 */
async function scanQr(kiosk: Page, phone: Page): Promise<string> {
  const shot = (await kiosk.getByTestId('follow-qr-symbol').screenshot()).toString('base64');
  const { width, height, rgba } = await phone.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, height: canvas.height, rgba: Array.from(data) };
  }, shot);
  const code = jsQR(new Uint8ClampedArray(rgba), width, height);
  if (!code) throw new Error('no QR code could be read from the ticket screen');
  return code.data;
}

async function shoot(page: Page, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, 'follow');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** A counter's call, pushed with the counter's own credential as its app would (the rules refuse calls from a kiosk). */
async function callAtCounter(districtUrl: string, counterDir: string, ticketNumber: string, counter: string) {
  const stored = (await districtTickets(districtUrl, counterDir)).find((t) => t.number === ticketNumber);
  if (!stored) throw new Error(`ticket ${ticketNumber} has not reached the district`);
  const called = applyTicketAction(stored, 'call', { at: stationNow(), by: 'li-qiang', counter });
  if (!called.ok) throw new Error(called.error.message);
  const { credential } = JSON.parse(readFileSync(join(counterDir, 'device-credential.json'), 'utf8')) as {
    credential: string;
  };
  const response = await fetch(`${districtUrl}${replicationPath('tickets', 'push')}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${credential}`,
      'content-type': 'application/json',
      accept: PUSH_REPORT_MEDIA_TYPE,
    },
    body: JSON.stringify([
      { assumedMasterState: { ...stored, _deleted: false }, newDocumentState: { ...called.value, _deleted: false } },
    ]),
  });
  const report = (await response.json()) as { conflicts: unknown[]; refused: unknown[] };
  if (!response.ok || report.conflicts.length || report.refused.length)
    throw new Error(`the call was not accepted: ${response.status} ${JSON.stringify(report)}`);
}

test('a ticket’s QR code opens a phone page that follows the queue and says when it is your turn', async () => {
  test.setTimeout(240_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-follow-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  let kiosk: Device | undefined;
  let browser: Browser | undefined;
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), station.id, {
      role: 'kiosk',
      slot: 0,
      slots: 2,
    });
    const counterDir = join(root, 'counter', 'device');
    await enrolDeviceFolder(district.url, counterDir, station.id, { role: 'counter', slot: 1, slots: 2 });
    kiosk = await openDevice(root, 'kiosk');
    const kioskPage = kiosk.page;
    await waitForHome(kiosk.page);
    await expect(kiosk.page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online');

    await openService(kiosk.page, 'government', 'gov-social-security-card');
    const number = await takeNumber(kiosk.page);
    await expect(kiosk.page.getByTestId('follow-qr')).toBeVisible();
    await shoot(kiosk.page, 'kiosk-ticket-with-qr');
    // The ticket screen with its QR code stays elder-friendly at every kiosk size.
    await expectElderFriendly(kiosk.page, 'ticket screen with the phone QR code');
    await atEachSize(kiosk.page, RESIDENT_SIZES, async (at) => {
      await expectFitsScreen(kioskPage, `ticket screen with the phone QR code ${at.name}`);
      await shoot(kioskPage, `kiosk-ticket-with-qr-${at.name}`);
    });
    await kioskPage.getByTestId('large-text').click();
    await expect(kioskPage.locator('html')).toHaveAttribute('data-text-size', 'large');
    await atEachSize(kioskPage, LARGE_TEXT_SIZES, async (at) => {
      await expectFitsScreen(kioskPage, `ticket screen with the phone QR code ${at.name}, large text`);
      await shoot(kioskPage, `kiosk-ticket-with-qr-${at.name}-large`);
    });
    // The phone: another browser, nothing shared with the kiosk.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const phone = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
    const link = await scanQr(kiosk.page, phone);
    expect(link).toMatch(new RegExp(`^${district.url}/t/[0-9a-f-]{36}\\.[A-Za-z0-9_-]{22}$`));
    await expect
      .poll(async () => (await districtTickets(district.url, counterDir)).map((t) => t.number))
      .toContain(number);

    await phone.goto(link);
    await expect(phone.getByTestId('follow-number')).toHaveText(number);
    await expect(phone.getByTestId('follow-ahead')).toHaveAttribute('data-ahead', '0');
    await expect(phone.getByTestId('follow-wait')).toBeVisible();
    // The kiosk ticket was taken in Chinese, so the page starts in Chinese.
    await expect(phone.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    await shoot(phone, 'phone-waiting-390x844');
    await expectElderFriendly(phone, 'follow page (waiting) 390×844');
    await atEachSize(phone, RESIDENT_SIZES, async (at) => {
      await expectFitsScreen(phone, `follow page (waiting) ${at.name}`);
    });
    await resize(phone, PHONE);

    // A counter calls the number: the open page changes by itself.
    await callAtCounter(district.url, counterDir, number, '2');
    await expect(phone.getByTestId('follow-called')).toBeVisible({ timeout: 15_000 });
    await expect(phone.getByTestId('follow-called')).toContainText('轮到您了');
    await expect(phone.getByTestId('follow-called')).toContainText('请到 2号窗口');
    await expect(phone).toHaveTitle(/轮到您了/);
    await shoot(phone, 'phone-called-390x844');
    await expectElderFriendly(phone, 'follow page (called) 390×844');

    // The language switch, one tap.
    await phone.getByTestId('follow-lang-en').click();
    await expect(phone.getByTestId('follow-called')).toContainText("It's your turn");
    await expect(phone.getByTestId('follow-called')).toContainText('Please go to Counter 2');
    await shoot(phone, 'phone-called-en-390x844');

    // A wrong secret: a plain "not valid" page with nothing about the ticket or the station.
    const token = link.split('.').at(-1)!;
    const wrong = `${link.slice(0, -token.length)}${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}`;
    const answer = await phone.goto(wrong);
    expect(answer?.status()).toBe(404);
    await expect(phone.getByTestId('follow-invalid')).toContainText('这个链接无效');
    await expect(phone.getByTestId('follow-invalid')).toContainText('This link is not valid');
    const text = (await phone.locator('body').textContent()) ?? '';
    expect(text).not.toContain(number);
    expect(text).not.toContain(station.name['zh-Hans']);
    await shoot(phone, 'phone-invalid-390x844');
    await expectElderFriendly(phone, 'follow page (invalid link) 390×844');
  } finally {
    await browser?.close();
    await kiosk?.close();
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
