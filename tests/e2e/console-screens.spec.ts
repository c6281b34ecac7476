/**
 * Every console screen at 1366 × 768 and 1920 × 1080, in 简体中文 and English:
 * axe-core at WCAG 2.2 AA (zero violations) and a screenshot for people to look
 * at, in artifacts/screenshots/console/<width>x<height>/<lang>/.
 */
import { expect } from '@playwright/test';
import { APP_VERSION_HEADER, ENROL_PATH } from '#protocol/api.ts';
import { replicationPath } from '#protocol/wire-messages.ts';
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

const file = consoleFile('console-screens', {
  prepare: async () => {
    // Something in every list: a device with a refused write, a staff member, an audit trail.
    const s = await apiSignIn(file.district.url, 'admin');
    await apiCall(s, 'POST', '/stations/pudong-demo/enrolment-codes', { role: 'display' });
    await apiCall(s, 'POST', '/stations/pudong-demo/staff', { id: 'zhou-min', name: '周敏' });
    await apiCall(s, 'POST', '/stations/pudong-demo/staff', { id: 'he-jun', name: '何军', counters: ['1', 'health'] });
    // An enrolled kiosk that has called the district with its app version, for the device list.
    const { code } = await apiCall<{ code: string }>(s, 'POST', '/stations/pudong-demo/enrolment-codes', {
      role: 'kiosk',
      // Slot 3 of 3: the devices screen below issues a code for slot 2.
      issuingSlot: 2,
      issuingSlots: 3,
    });
    const enrolled = await fetch(`${file.district.url}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: '大厅自助机' }),
    });
    const { credential } = (await enrolled.json()) as { credential: string };
    const pulled = await fetch(`${file.district.url}${replicationPath('stations', 'pull')}?limit=1`, {
      headers: { authorization: `Bearer ${credential}`, [APP_VERSION_HEADER]: '1.4.2' },
    });
    expect(pulled.status).toBe(200);
  },
});

/** WCAG 2.2 A and AA: the console is an office tool, not the elder-mode kiosk (whose bar is AAA). */

const SCREENS: { name: string; hash: string; ready: string }[] = [
  { name: 'catalog', hash: '#/catalog', ready: 'catalog-list' },
  { name: 'service-editor', hash: '#/catalog/health-family-doctor-clinic', ready: 'screen-service' },
  { name: 'stations', hash: '#/stations', ready: 'stations-list' },
  { name: 'station-overview', hash: '#/stations/pudong-demo', ready: 'screen-station' },
  { name: 'station-edit', hash: '#/stations/pudong-demo/edit', ready: 'screen-station-edit' },
  { name: 'station-new', hash: '#/stations/new', ready: 'screen-station-edit' },
  { name: 'devices', hash: '#/stations/pudong-demo/devices', ready: 'devices-panel' },
  { name: 'staff', hash: '#/stations/pudong-demo/staff', ready: 'staff-panel' },
  { name: 'audit', hash: '#/audit', ready: 'audit-list' },
  { name: 'device-health-all', hash: '#/health', ready: 'health-list' },
  { name: 'overview-all', hash: '#/overview', ready: 'overview-list' },
];

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  for (const lang of ['zh-Hans', 'en'] as const) {
    test(`every console screen at ${viewport.width}×${viewport.height} in ${lang}: accessible, and photographed`, async () => {
      test.setTimeout(240_000);
      const { page, close } = await openConsole(file.browser, file.district.url, { viewport, lang });
      try {
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectAccessible(page, `sign-in (${lang})`);
        await consoleScreenshot(page, 'sign-in', lang);
        await signedIn(page, 'admin');
        for (const screen of SCREENS) {
          await page.goto(`${file.district.url}/console/${screen.hash}`);
          await expect(page.getByTestId(screen.ready)).toBeVisible();
          // Lists and validation answer after a short debounce; wait for the page to settle.
          // The overview holds its event stream open, so the network never idles there: it is live once the snapshot came.
          if (screen.name === 'overview-all')
            await expect(page.getByTestId('overview-connection')).toHaveAttribute('data-state', 'live');
          else await page.waitForLoadState('networkidle');
          if (screen.name === 'devices') {
            await page.getByTestId('code-role').selectOption('kiosk');
            await page.getByTestId('code-slot').fill('2');
            await page.getByTestId('code-slots').fill('3');
            await page.getByTestId('issue-code').click();
            await expect(page.getByTestId('code-qr')).toBeVisible();
          }
          await expectAccessible(page, `${screen.name} (${lang}, ${viewport.width})`);
          await consoleScreenshot(page, screen.name, lang);
        }
      } finally {
        await close();
      }
    });
  }
}
