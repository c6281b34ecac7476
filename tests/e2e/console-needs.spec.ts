/**
 * 三张清单 against a real district process and a real kiosk page: a resident
 * leaves a need with a phone number on the kiosk; it appears in the console's
 * needs list, with the number for 花木街道's supervisor and without it for a
 * viewer (on screen and in what the API sends); the supervisor groups it into a
 * project, and the kiosk's home then says "您的建议已变成：…" with that project.
 * Then axe (WCAG 2.2 AA) and screenshots of the needs screen.
 */
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { NeedItem } from '#protocol/needs-projects.ts';
import { enrolDeviceFolder, openDevice } from './support/district.ts';
import { readLocalCollection, screenshot, waitForHome } from './support/resident.ts';
import {
  consoleApi,
  consoleScreenshot,
  consoleTest,
  openConsole,
  signedIn,
  expectAccessible,
  consoleFile,
} from './support/console.ts';

const test = consoleTest;
const STATION = 'pudong-demo';
const PHONE = '13800138000';
const PROJECT = '老年助餐点延时供餐';

const file = consoleFile('console-needs');
let needId = '';

test('a need left on the kiosk reaches the console (its number only for a role that may see it), becomes a project, and the kiosk shows it', async () => {
  test.setTimeout(240_000);
  await enrolDeviceFolder(file.district.url, join(file.root, 'kiosk', 'device'), STATION, {
    role: 'kiosk',
    slot: 0,
    slots: 1,
  });
  const kiosk = await openDevice(file.root, 'kiosk');
  file.devices.push(kiosk);
  const k = kiosk.page;
  await waitForHome(k);
  await expect(k.getByTestId('suggestions-line')).toHaveCount(0);

  await k.getByTestId('nav-needs').click();
  await k.getByTestId('need-meals').click();
  await k.getByTestId('need-phrase-soon').click();
  await k.getByTestId('need-next').click();
  for (const d of PHONE) await k.getByTestId(`digit-${d}`).click();
  await expect(k.getByTestId('need-phone')).toHaveText(PHONE);
  await k.getByTestId('need-submit').click();
  await expect(k.getByTestId('screen-needThanks')).toBeVisible();
  const [need] = (await readLocalCollection(k, 'needs')) as unknown as { id: string; text: string }[];
  needId = need!.id;
  await k.getByTestId('thanks-home').click();
  await waitForHome(k);

  // A viewer sees that a number was left, not the number: neither on screen nor in what the API sends.
  const viewer = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(viewer.page, 'viewer');
    await viewer.page.getByTestId('nav-needs').click();
    const row = viewer.page.getByTestId(`need-${needId}`);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByTestId('need-contact')).toHaveText('留了电话（您的角色不可查看）');
    await expect(row).not.toContainText(PHONE);
    const listed = (await consoleApi(viewer.page, 'GET', '/needs')).body as { items: NeedItem[] };
    expect(JSON.stringify(listed)).not.toContain(PHONE);
    expect(listed.items.find((n) => n.id === needId)).toMatchObject({ hasContact: true, stationId: STATION });
  } finally {
    await viewer.close();
  }

  // 花木街道's supervisor sees the number and groups the need into a project.
  const { page, close } = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(page, 'huamu');
    await page.getByTestId('nav-needs').click();
    const row = page.getByTestId(`need-${needId}`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row.getByTestId('need-contact')).toHaveText(PHONE);
    await expect(row).toContainText('助餐');
    await expect(row).toContainText(need!.text);
    await row.getByTestId('need-choose').check();
    await page.getByTestId('project-title').fill(PROJECT);
    await page.getByTestId('project-owner').fill('花木街道 李伟');
    await page.getByTestId('project-resources').fill('梅园一村助餐点 | https://example.org/meals');
    await page.getByTestId('project-create').click();
    const project = page.getByTestId(`project-${PROJECT}`);
    await expect(project).toBeVisible();
    await expect(project).toContainText('梅园一村助餐点');
    await expect(project.getByTestId('project-status')).toHaveValue('planned');
    // The need now belongs to the project and cannot be ticked again.
    await expect(row).toContainText(PROJECT);
    await expect(row.getByTestId('need-choose')).toBeDisabled();
  } finally {
    await close();
  }

  // The kiosk's home, from its replica: the resident's suggestion became this project.
  await expect(k.getByTestId('suggestions-line')).toHaveText(`您的建议已变成：${PROJECT}（已立项）`, {
    timeout: 30_000,
  });
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await k.setViewportSize(size);
    // On the kiosk's own 1920 × 1080 screen the line is in view; on a smaller one it is below the tiles ("下面还有").
    if (size.width < 1920) await k.getByTestId('suggestions-line').scrollIntoViewIfNeeded();
    await expect(k.getByTestId('suggestions-line')).toBeInViewport();
    await screenshot(k, `chromium/console-needs/${size.width}x${size.height}/kiosk-home-suggestions`);
  }
});

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  for (const lang of ['zh-Hans', 'en'] as const) {
    test(`the needs screen at ${viewport.width}×${viewport.height} in ${lang}: accessible, and photographed`, async () => {
      test.skip(!needId, 'needs the need left by the first test');
      test.setTimeout(120_000);
      const { page, close } = await openConsole(file.browser, file.district.url, { viewport, lang });
      try {
        await signedIn(page, 'admin');
        await page.getByTestId('nav-needs').click();
        await expect(page.getByTestId(`need-${needId}`)).toBeVisible();
        await expect(page.getByTestId(`project-${PROJECT}`)).toBeVisible();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `needs screen (${lang})`);
        await consoleScreenshot(page, 'needs', lang);
        await page.getByTestId('projects-list').scrollIntoViewIfNeeded();
        await consoleScreenshot(page, 'needs-projects', lang);
      } finally {
        await close();
      }
    });
  }
}
