/**
 * The district console's daily work against a real district (PGlite) and real
 * station devices: an item edited in three languages (a missing translation is
 * refused at its field) and published reaches an open kiosk without a restart;
 * a station is created with queues and counters; a device is enrolled with a
 * code from the console; a staff member added in the console signs in at a
 * counter with the new PIN, but only at the counter the console allows them; the
 * device list shows the app version the counter reports; a device is revoked;
 * the audit log shows it all.
 */
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import { enrolDevice } from '#services/enrolment.ts';
import { enrolDeviceFolder, openDevice } from './support/district.ts';
import { expectNoAxeViolations } from './support/elder-ux.ts';
import { openService, waitForHome } from './support/resident.ts';
import { consoleFile, consoleTest, editorSettled, openConsole, signedIn } from './support/console.ts';

const test = consoleTest;

const file = consoleFile('console-flows');

/** Fills one text in three languages and waits for the live check, so the next click lands where it is aimed. */
async function fillTexts(page: Page, path: string, texts: Record<'zh-Hans' | 'zh-Hant' | 'en', string>) {
  for (const [lang, text] of Object.entries(texts)) await page.getByTestId(`field-${path}-${lang}`).fill(text);
  await editorSettled(page);
}

test('an item edited in three languages and published shows on an open kiosk without a restart', async () => {
  test.setTimeout(180_000);
  await enrolDeviceFolder(file.district.url, join(file.root, 'kiosk', 'device'), 'pudong-demo', {
    role: 'kiosk',
    slot: 0,
    slots: 2,
  });
  const kiosk = await openDevice(file.root, 'kiosk');
  file.devices.push(kiosk);
  await waitForHome(kiosk.page);
  await openService(kiosk.page, 'government', 'gov-social-security-card');
  const kioskTitle = kiosk.page.locator('.detail h1');
  await expect(kioskTitle).toHaveText('社保卡办理');

  const { page, close } = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(page, 'admin');
    await page.getByTestId('catalog-search').fill('社保卡');
    await page.getByTestId('service-gov-social-security-card').click();
    await expect(page.getByTestId('screen-service')).toBeVisible();
    const preview = page.frameLocator('[data-testid="preview-frame"]');
    await expect(preview.locator('.detail h1')).toHaveText('社保卡办理');

    // A missing English name is shown at that very field and blocks publishing.
    await fillTexts(page, 'name', { 'zh-Hans': '社保卡办理（新）', 'zh-Hant': '社保卡辦理（新）', en: '' });
    const enName = page.getByTestId('field-name-en');
    await expect(enName).toHaveAttribute('aria-invalid', 'true');
    await expect(enName.locator('xpath=..').getByTestId('field-problem')).toContainText('缺少译文');
    await expect(page.getByTestId('field-name-zh-Hans')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('publish')).toBeDisabled();
    await expectNoAxeViolations(page, 'service editor with a missing translation');

    await enName.fill('Social security card (new)');
    await expect(enName).not.toHaveAttribute('aria-invalid', 'true');
    await expect(preview.locator('.detail h1')).toHaveText('社保卡办理（新）');
    await page.getByTestId('preview-en').click();
    await expect(preview.locator('.detail h1')).toHaveText('Social security card (new)');
    await page.getByTestId('publish').click();
    await expect(page.getByTestId('notice-ok')).toBeVisible();

    // The kiosk that has been showing the item all along now shows the new name: no reload, no restart.
    await expect(kioskTitle).toHaveText('社保卡办理（新）', { timeout: 15_000 });
  } finally {
    await close();
  }
});

test('a station with queues and counters, an enrolled counter showing its version, a new staff member signing in with the new PIN only at their counter, a revoked device, all in the audit log', async () => {
  test.setTimeout(240_000);
  const { page, close } = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(page, 'admin');
    await page.getByTestId('nav-stations').click();
    await page.getByTestId('station-new').click();
    await page.getByTestId('field-id').fill('zhangjiang-1');
    await page.getByTestId('field-street').fill('张江镇');
    await fillTexts(page, 'name', { 'zh-Hans': '张江一号站', 'zh-Hant': '張江一號站', en: 'Zhangjiang Station 1' });
    await fillTexts(page, 'address', { 'zh-Hans': '张江路 1 号', 'zh-Hant': '張江路 1 號', en: '1 Zhangjiang Road' });
    await fillTexts(page, 'queues.0.name', { 'zh-Hans': '政务服务', 'zh-Hant': '政務服務', en: 'Government affairs' });
    await fillTexts(page, 'queues.0.location', { 'zh-Hans': '1 号窗口', 'zh-Hant': '1 號窗口', en: 'Window 1' });
    await page.getByTestId('add-queue').click();
    await fillTexts(page, 'queues.1.name', { 'zh-Hans': '健康服务', 'zh-Hant': '健康服務', en: 'Health' });
    // Not yet translated: the station cannot be saved.
    await expect(page.getByTestId('field-queues.1.location-en')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('save-station')).toBeDisabled();
    await fillTexts(page, 'queues.1.location', { 'zh-Hans': '健康小屋', 'zh-Hant': '健康小屋', en: 'Health hut' });
    await page.getByTestId('add-counter').click();
    await fillTexts(page, 'counters.0.name', { 'zh-Hans': '1 号窗口', 'zh-Hant': '1 號窗口', en: 'Window 1' });
    await page.getByTestId('field-counters-0-queue-B').uncheck();
    await editorSettled(page);
    await page.getByTestId('add-counter').click();
    await fillTexts(page, 'counters.1.name', { 'zh-Hans': '健康小屋', 'zh-Hant': '健康小屋', en: 'Health hut' });
    await expectNoAxeViolations(page, 'new station');
    await expect(page.getByTestId('save-station')).toBeEnabled();
    await page.getByTestId('save-station').click();
    await expect(page.getByTestId('screen-station')).toBeVisible();
    await expect(page.getByRole('heading', { name: '张江一号站' })).toBeVisible();

    // Enrolment: a code for a counter, as text and QR; the technician's device redeems it.
    await page.getByTestId('tab-devices').click();
    await page.getByTestId('code-role').selectOption('counter');
    await page.getByTestId('issue-code').click();
    const code = (await page.getByTestId('code-text').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(page.getByTestId('code-qr')).toBeVisible();
    await expectNoAxeViolations(page, 'devices with an enrolment code');
    const dataDir = join(file.root, 'counter', 'device');
    const logger = { info: () => undefined, warn: () => undefined };
    await enrolDevice(
      file.district.url,
      { code, deviceName: '张江 1 号窗口' },
      { configStore: createConfigStore({ dataDir, logger }), credentialStore: createCredentialStore({ dataDir }) },
    );
    const counter = await openDevice(file.root, 'counter', undefined, { appVersion: '1.4.2' });
    file.devices.push(counter);
    await expect(counter.page.getByTestId('screen-staff-signin')).toBeVisible({ timeout: 30_000 });
    await page.reload();
    await expect(page.getByTestId('device-list')).toContainText('张江 1 号窗口');
    // The version the counter sends with its requests.
    await expect(page.getByTestId('device-version')).toHaveText('1.4.2');

    // Staff: added in the console, the PIN shown once, accepted at the counter.
    await page.getByTestId('tab-staff').click();
    await page.getByTestId('staff-id').fill('zhao-lei');
    await page.getByTestId('staff-name').fill('赵磊');
    // Limited to counter 1: the station's counters are the checkboxes.
    await expect(page.getByTestId('staff-counters-new-2')).toBeVisible();
    await page.getByTestId('staff-counters-new-1').check();
    await page.getByTestId('staff-add').click();
    const pin = (await page.getByTestId('pin-value').textContent())!.trim();
    expect(pin).toMatch(/^\d{6}$/);
    await expectNoAxeViolations(page, 'staff with a new PIN');
    await counter.page.getByTestId('staff-zhao-lei').click({ timeout: 30_000 });
    for (const d of pin) await counter.page.getByTestId(`pin-${d}`).click();
    await counter.page.getByTestId('pin-ok').click();
    await expect(page.getByTestId('staff-zhao-lei').getByTestId('staff-counters')).toHaveText('1 号窗口');
    // At counter 2 they are refused, told where they may sign in; at counter 1 they are in.
    await counter.page.getByTestId('counter-2').click();
    await expect(counter.page.getByTestId('signin-message')).toHaveText(
      '赵磊 不能在健康小屋登录。您可以在这些窗口登录：1 号窗口。',
    );
    await expect(counter.page.getByTestId('screen-staff-board')).toBeHidden();
    await counter.page.getByTestId('counter-1').click();
    await expect(counter.page.getByTestId('screen-staff-board')).toBeVisible();

    // Revoking the counter: the console shows it revoked.
    await page.getByTestId('tab-devices').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('revoke').click();
    await expect(page.getByTestId('device-revoked')).toBeVisible();

    await page.getByTestId('nav-audit').click();
    for (const action of [
      'station_created',
      'enrolment_code_issued',
      'staff_added',
      'device_revoked',
      'service_published',
    ])
      await expect(page.getByTestId(`audit-${action}`).first()).toBeVisible();
    await page.getByTestId('audit-device_revoked').getByText('修改前后').click();
    await expect(page.getByTestId('audit-device_revoked')).toContainText('"revokedAt": null');
  } finally {
    await close();
  }
});
