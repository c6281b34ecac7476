/**
 * The district console against a real district server (PGlite): operators sign
 * in with their own accounts (a wrong password is refused and counted), and a
 * street supervisor neither sees nor changes another street's stations — in the
 * page and at the API.
 */
import { expect } from '@playwright/test';
import { expectNoAxeViolations } from './support/elder-ux.ts';
import {
  consoleApi,
  consoleTest,
  openConsole,
  OTHER_STATION,
  signedIn,
  signIn,
  consoleFile,
} from './support/console.ts';

const test = consoleTest;

const file = consoleFile('console-operators');

test('a wrong password is refused and counted; the right one signs in', async () => {
  const { page, close } = await openConsole(file.browser, file.district.url);
  try {
    await expectNoAxeViolations(page, 'console sign-in');
    await signIn(page, 'admin', 'not the password');
    await expect(page.getByTestId('notice-error')).toContainText('4');
    await signIn(page, 'admin', 'still not it');
    await expect(page.getByTestId('notice-error')).toContainText('3');
    await expectNoAxeViolations(page, 'console sign-in with an error');
    await signedIn(page, 'admin');
    await expect(page.getByTestId('screen-catalog')).toBeVisible();
    // The server counted both failures: they are in the audit log.
    await page.getByTestId('nav-audit').click();
    const newest = page.getByTestId('audit-list').locator('tbody tr');
    await expect(newest.first()).toHaveAttribute('data-testid', 'audit-sign_in');
    await expect(newest.nth(1)).toHaveAttribute('data-testid', 'audit-sign_in_failed');
    await expect(newest.nth(2)).toHaveAttribute('data-testid', 'audit-sign_in_failed');
    await expectNoAxeViolations(page, 'console audit log');
  } finally {
    await close();
  }
});

test('a street supervisor sees only its stations, and the API refuses the others', async () => {
  const { page, close } = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(page, 'huamu');
    await page.getByTestId('nav-stations').click();
    await expect(page.getByTestId('stations-list').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('station-pudong-demo')).toBeVisible();
    await expect(page.getByTestId(`station-${OTHER_STATION}`)).toHaveCount(0);
    await expect(page.getByTestId('station-new')).toHaveCount(0);
    // Typing the other station's address into the page gets nothing either.
    await page.goto(`${file.district.url}/console/#/stations/${OTHER_STATION}`);
    await expect(page.getByTestId('notice-error')).toBeVisible();

    // At the API: not readable, not changeable, no codes, no staff, no catalog items.
    expect((await consoleApi(page, 'GET', `/stations/${OTHER_STATION}`)).status).toBe(404);
    const station = (await consoleApi(page, 'GET', '/stations/pudong-demo')).body as { doc: { id: string } };
    const moved = await consoleApi(page, 'PUT', `/stations/${OTHER_STATION}`, {
      doc: { ...station.doc, id: OTHER_STATION },
    });
    expect(moved.status).toBe(404);
    expect(
      (await consoleApi(page, 'POST', `/stations/${OTHER_STATION}/enrolment-codes`, { role: 'kiosk' })).status,
    ).toBe(404);
    expect((await consoleApi(page, 'POST', `/stations/${OTHER_STATION}/staff`, { id: 'x', name: 'X' })).status).toBe(
      404,
    );
    const items = (await consoleApi(page, 'GET', `/services?stationId=${OTHER_STATION}`)).body as { total: number };
    expect(items.total).toBe(0);
    // District-wide items are readable but only the district changes them.
    const common = (await consoleApi(page, 'GET', '/services/gov-social-security-card')).body as { service: object };
    const refused = await consoleApi(page, 'PUT', '/services/gov-social-security-card', { service: common.service });
    expect(refused.status).toBe(403);
    await page.goto(`${file.district.url}/console/#/catalog/gov-social-security-card`);
    await expect(page.getByTestId('publish')).toHaveCount(0);
  } finally {
    await close();
  }
});
