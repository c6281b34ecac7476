/**
 * A device the district revokes says so, in words for each person: the resident sees
 * a calm "numbers are paused, please go to a counter" instead of screens whose numbers
 * would never reach a counter; the technician's diagnostics say the device was switched
 * off and must be enrolled again — never "network down". Real district process, real
 * replication client, real Chromium.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { LANGUAGES } from '#protocol/languages.ts';
import {
  admin,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  stationTest as test,
} from './support/district.ts';
import { chooseLanguage, screenshot, waitForHome } from './support/resident.ts';

const PIN = '258025';

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-${digit}`).click();
  await page.getByTestId('pin-ok').click();
}

const WORDS = {
  'zh-Hans': { paused: '暂停取号，请到窗口办理', technician: '本机已被区里停用，请联系技术人员重新登记' },
  'zh-Hant': { paused: '暫停取號，請到窗口辦理', technician: '本機已被區裡停用，請聯絡技術人員重新登記' },
  en: {
    paused: 'Numbers are paused here. Please go to a counter.',
    technician: 'The district has switched this device off. Ask a technician to enrol it again.',
  },
} as const;

test('a revoked kiosk pauses numbers for residents and tells the technician to re-enrol it', async () => {
  test.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-revoked-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  await district.start();
  const devices: { close(): Promise<void> }[] = [];
  try {
    const catalog = await setUpDemoStation(district.url);
    const dataDir = join(root, 'kiosk', 'device');
    await enrolDeviceFolder(district.url, dataDir, catalog.station.id, { role: 'kiosk', slot: 0, slots: 1 });
    const { deviceId } = JSON.parse(readFileSync(join(dataDir, 'device-config.json'), 'utf8')) as {
      deviceId: string;
    };
    const kiosk = await openDevice(root, 'kiosk');
    devices.push(kiosk);
    const page = kiosk.page;
    await waitForHome(page);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online', { timeout: 20_000 });
    // In step: residents are told nothing about sync.
    await expect(page.getByTestId('sync-status')).toHaveText('');

    await admin(district.url, 'POST', `/devices/${deviceId}/revoke`, {});
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'revoked', { timeout: 30_000 });
    for (const lang of LANGUAGES) {
      if (lang !== 'zh-Hans') await chooseLanguage(page, lang);
      await expect(page.getByTestId('resident-paused')).toContainText(WORDS[lang].paused);
      await expect(page.getByTestId('take-number')).toHaveCount(0);
      await expect(page.getByText(/网络断开|網絡斷開|Offline/)).toHaveCount(0);
      for (const [name, size] of [
        ['landscape', { width: 1920, height: 1080 }],
        ['portrait', { width: 1080, height: 1920 }],
      ] as const) {
        await page.setViewportSize(size);
        await screenshot(page, `chromium/revoked/${name}/${lang}/resident-paused`);
      }
      await page.setViewportSize({ width: 1920, height: 1080 });
    }

    // The technician: #setup, then diagnostics, says what happened and what to do.
    await page.evaluate(() => (location.hash = '#setup'));
    const pin = page.getByTestId('setup-pin');
    await expect(pin).toBeVisible();
    if ((await pin.getAttribute('data-mode')) === 'set') await typePin(page, PIN);
    await typePin(page, PIN);
    await page.getByTestId('setup-open-diagnostics').click();
    const diagnostics = page.getByTestId('setup-diagnostics');
    await expect(diagnostics).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    for (const lang of LANGUAGES) {
      await page.getByTestId(`lang-${lang}`).click();
      await expect(page.getByTestId('setup-device-refused')).toContainText(WORDS[lang].technician);
      await expect(page.getByTestId('setup-device-refused')).toHaveAttribute('data-code', 'credential_revoked');
      for (const [name, size] of [
        ['landscape', { width: 1920, height: 1080 }],
        ['portrait', { width: 1080, height: 1920 }],
      ] as const) {
        await page.setViewportSize(size);
        await screenshot(page, `chromium/revoked/${name}/${lang}/diagnostics`);
      }
      await page.setViewportSize({ width: 1920, height: 1080 });
    }
  } finally {
    await Promise.allSettled(devices.map((d) => d.close()));
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
