/**
 * The technician's first run on a fresh station device, end to end: a real district
 * server (its own process, PGlite), the browser host with an empty data folder and
 * demo mode off, and the virtual ESC/POS printer. Through the UI only: set the
 * technician PIN, meet every enrolment error in plain words, enrol, watch the
 * catalog arrive, print a test ticket, pick the calling display, reach the resident
 * home; then reopen the settings at #setup for diagnostics and a log export.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '#host/browser-host.ts';
import { startVirtualPrinter, type VirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { admin, DistrictProcess, freePort, setUpDemoStation, stationTest } from './support/district.ts';
import { expectFitsScreen, expectNoAxeViolations } from './support/elder-ux.ts';
import { atEachSize, SETUP_SIZES } from './support/layout.ts';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_CATALOG, RENDERER_DIR, SCREENSHOT_DIR } from './support/paths.ts';
import { waitForHome } from './support/resident.ts';

const test = stationTest;
const PIN = '246810';
const SHOTS = `${SCREENSHOT_DIR}/chromium/setup`;

/** A screenshot of the screen at each tablet size a station is set up on, each checked to fit. */
async function shot(page: Page, name: string): Promise<void> {
  await atEachSize(page, SETUP_SIZES, async (at) => {
    mkdirSync(`${SHOTS}/${at.name}`, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${at.name}/${name}.png` });
    await expectFitsScreen(page, `setup ${name} at ${at.name}`);
  });
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-${digit}`).click();
  await page.getByTestId('pin-ok').click();
}

function issueCode(
  districtUrl: string,
  stationId: string,
  role: 'kiosk' | 'display' = 'kiosk',
): Promise<{ code: string }> {
  return admin<{ code: string }>(districtUrl, 'POST', `/stations/${stationId}/enrolment-codes`, {
    role,
    ...(role === 'kiosk' && { issuingSlot: 0, issuingSlots: 1 }),
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test.describe('technician setup', () => {
  let root: string;
  let district: DistrictProcess;
  let printer: VirtualPrinter;
  let host: BrowserHost;
  let context: BrowserContext;
  let stationId: string;
  let codes: { good: string; used: string; expired: string };

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    root = mkdtempSync(join(tmpdir(), 'doorstep-setup-'));
    district = new DistrictProcess(join(root, 'district'), await freePort());
    await district.start();
    stationId = (await setUpDemoStation(district.url)).station.id;

    // The admin API issues codes valid for at least an hour, so the expired one is made
    // expired in the district's own database while the server is stopped.
    const expired = (await issueCode(district.url, stationId)).code;
    await district.stop();
    const db = new PGlite({ dataDir: join(root, 'district') });
    const changed = await db.query(
      "UPDATE enrolment_codes SET expires_at = now() - interval '1 hour' WHERE used_at IS NULL",
    );
    expect(changed.affectedRows).toBe(1);
    await db.close();
    await district.start();

    // A display holds no issuing slot, so redeeming this code leaves slot 0 for the device under test.
    const used = (await issueCode(district.url, stationId, 'display')).code;
    const redeemed = await fetch(`${district.url}/api/v1/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: used }),
    });
    expect(redeemed.ok).toBe(true);
    codes = { good: (await issueCode(district.url, stationId)).code, used, expired };

    printer = await startVirtualPrinter();
    host = await startBrowserHost({
      port: 0,
      dataDir: join(root, 'device'),
      rendererDir: RENDERER_DIR,
      demoCatalogPath: DEMO_CATALOG,
      demoMode: false,
    });
    context = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
  });

  test.afterAll(async () => {
    await context?.close();
    await host?.close();
    await printer?.close();
    await district?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('a fresh device is set up, enrolled, printed on and diagnosed through the screens', async () => {
    test.setTimeout(240_000);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);

    // A fresh station device opens setup by itself; English keeps the checks readable.
    await expect(page.getByTestId('setup-pin')).toHaveAttribute('data-mode', 'set');
    await page.getByTestId('lang-en').click();
    await shot(page, '01-set-pin');
    await expectNoAxeViolations(page, 'setup: set PIN');
    await typePin(page, '111111');
    await typePin(page, '111111');
    await expect(page.getByTestId('setup-pin-message')).toContainText('too easy to guess');
    await typePin(page, PIN);
    await expect(page.getByTestId('setup-pin')).toHaveAttribute('data-mode', 'confirm');
    await typePin(page, PIN);

    // District step, with every error in plain words.
    await expect(page.getByTestId('setup-district')).toBeVisible();
    await shot(page, '02-district');
    await expectNoAxeViolations(page, 'setup: district');
    const error = page.getByTestId('setup-district-error');
    const tryEnrol = async (address: string, code: string, expectedCode: string, words: string) => {
      await page.getByTestId('setup-address').fill(address);
      await page.getByTestId('setup-code').fill(code);
      await page.getByTestId('setup-enrol').click();
      await expect(error).toHaveAttribute('data-code', expectedCode, { timeout: 20_000 });
      await expect(error).toContainText(words);
    };
    await tryEnrol('district example/with path', codes.good, 'district_url_invalid', 'is not a server address');
    await tryEnrol(`http://127.0.0.1:${await freePort()}`, codes.good, 'district_unreachable', 'Nothing answers at');
    await shot(page, '02b-district-unreachable');
    await tryEnrol(district.url, 'ZZZZ-ZZZZ-ZZZZ', 'enrolment_code_unknown', 'not known to the district');
    await tryEnrol(district.url, codes.used, 'enrolment_code_used', 'already used by another device');
    await tryEnrol(district.url, codes.expired, 'enrolment_code_expired', 'has expired');
    await expectNoAxeViolations(page, 'setup: district error');

    // Enrol: the page reloads and the catalog download shows its progress.
    await page.getByTestId('setup-code').fill(codes.good);
    await page.getByTestId('setup-enrol').click();
    const download = page.getByTestId('setup-download');
    await expect(download).toBeVisible({ timeout: 20_000 });
    await expect(download).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
    const count = Number(await page.getByTestId('setup-download-count').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(40);
    await expect(page.getByTestId('setup-download-count')).toContainText(`Downloaded ${count} services`);
    await shot(page, '03-download');
    await expectNoAxeViolations(page, 'setup: download');
    await page.getByTestId('setup-next').click();

    // Printer: an unreachable address first, then the virtual printer with a test ticket.
    await expect(page.getByTestId('setup-printer')).toBeVisible();
    await page.getByTestId('setup-printer-network').click();
    const deadPort = await freePort();
    await page.getByTestId('setup-printer-host').fill('127.0.0.1');
    await page.getByTestId('setup-printer-port').fill(String(deadPort));
    await page.getByTestId('setup-printer-test').click();
    const printerError = page.getByTestId('setup-printer-error');
    await expect(printerError).toHaveAttribute('data-code', 'printer_unreachable', { timeout: 20_000 });
    await expect(printerError).toContainText(`The printer at 127.0.0.1:${deadPort} does not answer`);
    await shot(page, '04b-printer-unreachable');
    await page.getByTestId('setup-printer-port').fill(String(printer.port));
    await page.getByTestId('setup-printer-test').click();
    await expect(page.getByTestId('setup-printer-result')).toContainText(
      `A test ticket was printed on 127.0.0.1:${printer.port}`,
    );
    const job = await printer.nextPrint(10_000);
    const paper = job.decoded.lines.map((l) => l.text).join('\n');
    expect(paper).toContain('Printer test');
    expect(paper).not.toContain('??');
    await shot(page, '04-printer');
    await expectNoAxeViolations(page, 'setup: printer');
    await page.getByTestId('setup-next').click();

    // Calling display: the browser host offers the screen the page is on.
    await expect(page.getByTestId('setup-display')).toBeVisible();
    await page.getByTestId('setup-display-this-screen').click();
    await expect(page.getByTestId('setup-display-this-screen')).toHaveAttribute('aria-pressed', 'true');
    await shot(page, '05-display');
    await expectNoAxeViolations(page, 'setup: display');
    await page.getByTestId('setup-next').click();

    await expect(page.getByTestId('setup-done')).toBeVisible();
    await shot(page, '06-done');
    await page.getByTestId('setup-start').click();

    // The resident home with the district's catalog.
    await waitForHome(page);
    await expect(page.getByTestId('category-government')).toBeVisible();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online', { timeout: 20_000 });

    // The hidden way back in: #setup asks for the PIN; then diagnostics.
    await page.evaluate(() => (location.hash = '#setup'));
    await expect(page.getByTestId('setup-pin')).toHaveAttribute('data-mode', 'enter');
    await page.getByTestId('lang-en').click();
    await typePin(page, '135790');
    await expect(page.getByTestId('setup-pin-message')).toContainText('4 tries left');
    await typePin(page, PIN);
    await expect(page.getByTestId('setup-menu')).toBeVisible();
    await shot(page, '07-menu');
    await expectNoAxeViolations(page, 'setup: menu');
    await page.getByTestId('setup-open-diagnostics').click();
    const diagnostics = page.getByTestId('setup-diagnostics');
    await expect(diagnostics).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    const config = JSON.parse(readFileSync(join(root, 'device', 'device-config.json'), 'utf8')) as {
      deviceId: string;
      stationId: string;
    };
    expect(config.stationId).toBe(stationId);
    await expect(page.getByTestId('diag-device-id')).toContainText(config.deviceId);
    await expect(page.getByTestId('diag-station-id')).toContainText(stationId);
    await expect(page.getByTestId('diag-district')).toHaveAttribute('data-reachable', 'true');
    await expect(page.getByTestId('diag-district')).toContainText(district.url);
    await expect(page.getByTestId('diag-clock')).toContainText('in step');
    await expect(page.getByTestId('diag-storage')).toContainText(/MB of .* MB used/);
    await expect(page.getByTestId('diag-persisted')).not.toContainText('…');
    await expect(page.getByTestId('diag-printer')).toContainText(`127.0.0.1:${printer.port}: paper loaded`);
    await expect(page.getByTestId('diag-last-sync')).not.toContainText('never', { timeout: 20_000 });
    await expect(page.getByTestId('diag-pending')).toContainText('0');
    // No OS voice here (headless Chromium, like a stock Linux station): the technician sees the built-in one reads.
    await expect(page.getByTestId('diag-voice')).toHaveText(
      /English: Built-in offline voice eSpeak NG English \(en-us\)/,
    );
    await expect(page.getByTestId('diag-voice')).toContainText('Built-in offline voice eSpeak NG 普通话 (cmn)');

    // Export to a "USB stick": a missing folder is explained, a real one gets the files.
    await page.getByTestId('setup-export-folder').fill(join(root, 'no-such-stick'));
    await page.getByTestId('setup-export').click();
    await expect(page.getByTestId('setup-export-error')).toHaveAttribute('data-code', 'export_folder_invalid');
    const stick = join(root, 'usb');
    mkdirSync(stick);
    await page.getByTestId('setup-export-folder').fill(stick);
    await page.getByTestId('setup-export').click();
    await expect(page.getByTestId('setup-exported')).toBeVisible();
    await shot(page, '08-diagnostics');
    await page.getByTestId('setup-exported').scrollIntoViewIfNeeded();
    await shot(page, '09-diagnostics-export');
    await expectNoAxeViolations(page, 'setup: diagnostics');

    const written = filesUnder(stick);
    expect(written.some((f) => f.endsWith('diagnostics.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('kiosk.log'))).toBe(true);
    const { credential } = JSON.parse(readFileSync(join(root, 'device', 'device-credential.json'), 'utf8')) as {
      credential: string;
    };
    const pinFile = readFileSync(join(root, 'device', 'technician-pin.json'), 'utf8');
    const pinHash = (JSON.parse(pinFile) as { hash: string }).hash;
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(credential);
      expect(text, file).not.toContain(pinHash);
    }
    const bundle = JSON.parse(
      readFileSync(
        written.find((f) => f.endsWith('diagnostics.json'))!,
        'utf8',
      ),
    ) as { device: { deviceId: string; district: { reachable: boolean } }; client: { pending: number } };
    expect(bundle.device.deviceId).toBe(config.deviceId);
    expect(bundle.device.district.reachable).toBe(true);
    expect(bundle.client.pending).toBe(0);
    expect(existsSync(join(stick, 'device-credential.json'))).toBe(false);
  });
});
