/**
 * 预约 in the console against a real district process and a real kiosk page: the
 * administrator opens appointments for a service in the station editor (a capacity
 * out of the schema's range is marked at its field and blocks saving), books both
 * places of a slot on the 预约 screen and reads each check-in code; 花木街道's
 * supervisor, whose screen still showed one place left, is refused with a clear
 * message and then sees the slot full. The bookings reach the station's kiosk as
 * appointments (its own IndexedDB), and a cancelled one reaches it cancelled, its
 * place free again. The phone digits show masked, and not at all to a viewer.
 * Then axe (WCAG 2.2 AA) and screenshots of both screens at 1366×768 and
 * 1920×1080 in 简体中文 and English.
 *
 * Tomorrow (station time) is booked: the district judges slots by its own clock,
 * and tomorrow's 09:00 has not passed whenever the test runs.
 */
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { enrolDeviceFolder, openDevice } from './support/district.ts';
import { readLocalCollection, waitForHome } from './support/resident.ts';
import {
  consoleScreenshot,
  consoleTest,
  editorSettled,
  expectAccessible,
  openConsole,
  signedIn,
  consoleFile,
} from './support/console.ts';

const test = consoleTest;
const STATION = 'pudong-demo';
const SERVICE = 'gov-social-security-card';
const SHANGHAI = 480;
const TOMORROW = stationDay(Date.now() + 86_400_000, SHANGHAI);
const SLOT = `slot-${SERVICE}-09:00`;

const file = consoleFile('console-appointments');
let booked = false;

async function openDay(page: Page): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/console/#/appointments/${STATION}/${TOMORROW}`);
  await expect(page.getByTestId('screen-appointments')).toBeVisible();
  await expect(page.getByTestId(SLOT)).toBeVisible({ timeout: 15_000 });
}

async function book(page: Page, name: string, phone?: string): Promise<string> {
  await page.getByTestId(SLOT).getByTestId('slot-choose').click();
  await expect(page.getByTestId('booking-slot')).toHaveValue('09:00');
  await page.getByTestId('booking-name').fill(name);
  if (phone) await page.getByTestId('booking-phone').fill(phone);
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booked')).toContainText(name);
  const code = (await page.getByTestId('booked-code').textContent()) ?? '';
  expect(code).toMatch(/^\d{4}$/);
  return code;
}

type Appointment = { id: string; name: string; code: string; day: string; start: string; status: string };
const kioskAppointments = async (k: Page) => (await readLocalCollection(k, 'appointments')) as unknown as Appointment[];

test('an operator opens slots for a service, books the last place of a slot, a stale second booking is refused, and the kiosk receives the bookings and the cancel', async () => {
  test.setTimeout(300_000);
  await enrolDeviceFolder(file.district.url, join(file.root, 'kiosk', 'device'), STATION, {
    role: 'kiosk',
    slot: 0,
    slots: 1,
  });
  const kiosk = await openDevice(file.root, 'kiosk');
  file.devices.push(kiosk);
  const k = kiosk.page;
  await waitForHome(k);

  const admin = await openConsole(file.browser, file.district.url);
  const huamu = await openConsole(file.browser, file.district.url);
  try {
    const page = admin.page;
    await signedIn(page, 'admin');

    // The station editor: appointments for one service, every day, 09:00–10:00 in 30-minute slots.
    await page.goto(`${file.district.url}/console/#/stations/${STATION}/edit`);
    const slots = page.getByTestId('appointment-slots');
    await expect(slots.getByTestId('slots-none')).toBeVisible();
    await slots.getByTestId('add-slots').selectOption(SERVICE);
    await editorSettled(page);
    await slots.getByTestId('field-slots-0-day-6').check();
    await editorSettled(page);
    await slots.getByTestId('field-slots-0-day-7').check();
    await editorSettled(page);
    await slots.getByTestId('field-slots-0-from').fill('09:00');
    await slots.getByTestId('field-slots-0-to').fill('10:00');
    await slots.getByTestId('field-slots-0-length').fill('30');
    // Out of the schema's range: marked at the field in plain words, and the station cannot be saved.
    await slots.getByTestId('field-slots-0-capacity').fill('0');
    await expect(slots.getByTestId('field-problem')).toHaveText('填写 1 到 100 之间的整数。');
    await expect(page.getByTestId('save-station')).toBeDisabled();
    await slots.getByTestId('field-slots-0-capacity').fill('2');
    await expect(slots.getByTestId('field-problem')).toHaveCount(0);
    await expect(slots.getByTestId('slots-0-summary')).toHaveText('每天 2 个时段：09:00 至 09:30 开始，共 4 个名额');
    await expect(page.getByTestId('issue-count')).toHaveText('可以保存');
    await page.getByTestId('save-station').click();
    await expect(page.getByTestId('screen-station')).toBeVisible();

    // The 预约 screen, from the nav: pick the station and tomorrow.
    await page.getByTestId('nav-appointments').click();
    await expect(page.getByTestId('screen-appointments')).toBeVisible();
    await page.getByTestId('appointments-station').selectOption(STATION);
    await expect(page).toHaveURL(new RegExp(`#/appointments/${STATION}$`));
    await page.getByTestId('appointments-day').fill(TOMORROW);
    await expect(page).toHaveURL(new RegExp(`#/appointments/${STATION}/${TOMORROW}$`));
    await expect(page.getByTestId(SLOT).getByTestId('slot-taken')).toHaveText('0 / 2');
    const first = await book(page, '王阿姨', '1234');
    await expect(page.getByTestId(SLOT).getByTestId('slot-taken')).toHaveText('1 / 2');

    // The supervisor of the station's street opens the same day while one place is left and starts a booking.
    await signedIn(huamu.page, 'huamu');
    await openDay(huamu.page);
    await huamu.page.getByTestId(SLOT).getByTestId('slot-choose').click();
    await expect(huamu.page.getByTestId('booking-slot').locator('option:checked')).toHaveText('09:00 · 剩 1 个');
    await huamu.page.getByTestId('booking-name').fill('赵先生');

    // The administrator books the last place: the slot is full and cannot be chosen.
    const second = await book(page, '李大伯');
    expect(second).not.toBe(first);
    const row = page.getByTestId(SLOT);
    await expect(row.getByTestId('slot-taken')).toHaveText('2 / 2已约满');
    await expect(row.getByTestId('slot-choose')).toBeDisabled();

    // The supervisor's booking, from a screen that still showed a place, is refused in words and the slot shown full.
    await huamu.page.getByTestId('booking-submit').click();
    await expect(huamu.page.getByTestId('notice-error')).toHaveText('没有预约成功：这个时段已约满，请换一个时段。');
    await expect(huamu.page.getByTestId('booked')).toHaveCount(0);
    await expect(huamu.page.getByTestId(SLOT).getByTestId('slot-taken')).toHaveText('2 / 2已约满');

    // The list: names as given, the phone digits masked.
    const bookings = page.getByTestId('bookings');
    // Both are in one slot, listed by their (random) codes: each row is found by its name.
    await expect(bookings.getByTestId('booking-resident')).toHaveCount(2);
    const bookingRow = (name: string) => bookings.locator('tr', { hasText: name });
    await expect(bookingRow('王阿姨').getByTestId('booking-phone-shown')).toHaveText('••34');
    await expect(bookingRow('李大伯').getByTestId('booking-phone-shown')).toHaveText('—');
    await expect(bookings).not.toContainText('1234');

    // The kiosk's replica holds both, with the codes the operator read out.
    await expect
      .poll(
        async () =>
          (await kioskAppointments(k)).map((a) => `${a.name} ${a.code} ${a.day} ${a.start} ${a.status}`).sort(),
        {
          timeout: 30_000,
        },
      )
      .toEqual([`李大伯 ${second} ${TOMORROW} 09:00 booked`, `王阿姨 ${first} ${TOMORROW} 09:00 booked`].sort());

    // Cancel 李大伯's booking, after the confirmation: the place is free again, and the kiosk hears of it.
    const li = bookings.locator('tr', { hasText: '李大伯' });
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('李大伯');
      void dialog.accept();
    });
    await li.getByTestId('booking-cancel').click();
    await expect(page.getByTestId('notice-ok')).toContainText('已取消 李大伯 09:00 的预约');
    await expect(li.getByTestId('booking-status')).toHaveText('已取消');
    await expect(li.getByTestId('booking-cancel')).toHaveCount(0);
    await expect(row.getByTestId('slot-taken')).toHaveText('1 / 2');
    await expect
      .poll(async () => (await kioskAppointments(k)).find((a) => a.name === '李大伯')?.status, { timeout: 30_000 })
      .toBe('cancelled');
    booked = true;
  } finally {
    await admin.close();
    await huamu.close();
  }

  // A viewer sees the day but not the phone digits, and cannot book or cancel.
  const viewer = await openConsole(file.browser, file.district.url);
  try {
    await signedIn(viewer.page, 'viewer');
    await openDay(viewer.page);
    await expect(
      viewer.page.getByTestId('bookings').locator('tr', { hasText: '王阿姨' }).getByTestId('booking-phone-shown'),
    ).toHaveText('有（您的角色不可查看）');
    await expect(viewer.page.getByTestId('booking-form')).toHaveCount(0);
    await expect(viewer.page.getByTestId('booking-cancel')).toHaveCount(0);
  } finally {
    await viewer.close();
  }
});

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  for (const lang of ['zh-Hans', 'en'] as const) {
    test(`the 预约 screen and the slot editor at ${viewport.width}×${viewport.height} in ${lang}: accessible, and photographed`, async () => {
      test.skip(!booked, 'needs the bookings of the first test');
      test.setTimeout(120_000);
      const { page, close } = await openConsole(file.browser, file.district.url, { viewport, lang });
      try {
        await signedIn(page, 'admin');
        await openDay(page);
        await expect(page.getByTestId('bookings')).toBeVisible();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `appointments screen (${lang})`);
        await consoleScreenshot(page, 'appointments', lang);

        await page.getByTestId(SLOT).getByTestId('slot-choose').click();
        await page.getByTestId('booking-name').fill(lang === 'en' ? 'Mrs Chen' : '陈阿姨');
        await page.getByTestId('booking-submit').click();
        await expect(page.getByTestId('booked-code')).toBeVisible();
        await expectAccessible(page, `appointments screen after booking (${lang})`);
        await consoleScreenshot(page, 'appointments-booked', lang);
        // Cancelled again, so each run finds the slot as the first test left it.
        page.once('dialog', (dialog) => void dialog.accept());
        await page
          .getByTestId('bookings')
          .locator('tr', { hasText: lang === 'en' ? 'Mrs Chen' : '陈阿姨' })
          .getByTestId('booking-cancel')
          .click();
        await expect(page.getByTestId('notice-ok')).toBeVisible();

        await page.goto(`${file.district.url}/console/#/stations/${STATION}/edit`);
        const slots = page.getByTestId('appointment-slots');
        await expect(slots.getByTestId('slots-0-summary')).toBeVisible();
        await slots.scrollIntoViewIfNeeded();
        await expectAccessible(page, `station editor's appointment slots (${lang})`);
        await consoleScreenshot(page, 'station-slots', lang);
      } finally {
        await close();
      }
    });
  }
}
