/**
 * Booking on the phone: the station's booking link, opened on a phone (390×844),
 * says plainly that booking is not possible while the station is offline; once a
 * real kiosk page of the station is online it walks service → day → time (with
 * the places left) → name and phone digits → the check-in code, in each of the
 * three languages, every step elder-checked and photographed. The code is then
 * checked in at a kiosk and the district stores the check-in.
 *
 * The check-in is done by a kiosk device in this process (the renderer's own
 * check-in code over RxDB and the real replication client), not on the kiosk
 * page: the e2e pages run at a shifted station time (support/station-time.ts)
 * while the district books by its real clock, so the page would look for the
 * appointment on another day. The kiosk page's own check-in flow is
 * appointments.spec.ts's.
 */
import '#tests/server/helpers/node-local-storage.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import type { BookingDay } from '#protocol/booking-api.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import { checkIn, findForCheckIn } from '#renderer/db/appointments.ts';
import { openTestDevice, type TestDevice } from '#tests/server/helpers/test-device.ts';
import {
  admin,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  stationTest,
  type Device,
} from './support/district.ts';
import { expectElderFriendly } from './support/elder-ux.ts';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_CATALOG, SCREENSHOT_DIR } from './support/paths.ts';
import { waitForHome } from './support/resident.ts';

const test = stationTest;
const PHONE = { width: 390, height: 844 };
const SERVICE = 'gov-social-security-card';
const OFFSET = 480;
const SLOT_MS = 5 * 60_000;

async function shoot(page: Page, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, 'phone-booking');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Elder checks and a photo of one step. */
async function look(page: Page, step: string, lang: Lang): Promise<void> {
  await expectElderFriendly(page, `booking page ${step} (${lang}) 390×844`);
  await shoot(page, `${step}-${lang}-390x844`);
}

/** The next 5-minute slot starting at least a minute from now, on the station's clock. */
function upcomingSlot(now = Date.now()): { day: string; start: string } {
  const at = Math.ceil((now + 60_000) / SLOT_MS) * SLOT_MS;
  return { day: stationDay(at, OFFSET), start: formatStationTime(at, OFFSET) };
}

async function enrolInProcess(districtUrl: string, stationId: string): Promise<EnrolResponse> {
  const { code } = await admin<{ code: string }>(districtUrl, 'POST', `/stations/${stationId}/enrolment-codes`, {
    role: 'kiosk',
    issuingSlot: 1,
    issuingSlots: 2,
  });
  const res = await fetch(`${districtUrl}/api/v1/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'e2e check-in kiosk' }),
  });
  if (!res.ok) throw new Error(`enrol: ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrolResponse;
}

test('a resident books on the phone while the station is online and checks the code in at a kiosk', async () => {
  test.setTimeout(420_000);
  const root = mkdtempSync(join(tmpdir(), 'doorstep-phone-booking-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  let kiosk: Device | undefined;
  let browser: Browser | undefined;
  let checkInKiosk: TestDevice | undefined;
  try {
    // A fresh district's first start (PGlite's initdb) can outlast the start deadline on a loaded machine; the second reuses it.
    await district
      .start()
      .catch(() => district.start())
      .catch(() => district.start());
    const { station } = await setUpDemoStation(district.url);
    const file = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as { station: object };
    await admin(district.url, 'POST', '/catalog', {
      ...file,
      station: {
        ...file.station,
        appointmentSlots: [
          { serviceId: SERVICE, days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:55', slotMinutes: 5, capacity: 3 },
        ],
      },
    });
    const { url: link } = await admin<{ url: string }>(district.url, 'GET', `/stations/${station.id}/booking-link`);
    expect(link).toMatch(new RegExp(`^${district.url}/book/[A-Za-z0-9_-]{22}$`));

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const phone = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();

    // No device of the station has ever been online: the page refuses, plainly.
    for (const lang of LANGUAGES) {
      await phone.goto(`${link}?lang=${lang}`);
      await expect(phone.getByTestId('book-offline')).toBeVisible();
      await expect(phone.getByTestId('book-services')).toHaveCount(0);
      await look(phone, '0-offline', lang);
    }

    // A real kiosk page of the station comes online.
    await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), station.id, {
      role: 'kiosk',
      slot: 0,
      slots: 2,
    });
    kiosk = await openDevice(root, 'kiosk');
    await waitForHome(kiosk.page);
    await expect(kiosk.page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online');

    const slot = upcomingSlot();
    const codes = new Map<Lang, string>();
    for (const lang of LANGUAGES) {
      await phone.goto(`${link}?lang=${lang}`);
      await expect(phone.getByTestId('book-services')).toBeVisible();
      await look(phone, '1-service', lang);
      await phone.getByTestId('book-services').getByRole('link').first().click();
      await expect(phone.getByTestId('book-days')).toBeVisible();
      await look(phone, '2-day', lang);
      await phone.locator(`a[data-day="${slot.day}"]`).click();
      await expect(phone.getByTestId('book-slots')).toBeVisible();
      await look(phone, '3-time', lang);
      const time = phone.locator(`a[data-start="${slot.start}"]`);
      await expect(time).toBeVisible();
      await time.click();
      await expect(phone.getByTestId('book-form')).toBeVisible();
      await phone.getByTestId('book-name').fill(lang === 'en' ? 'Mrs Wang' : '王阿姨');
      await phone.getByTestId('book-phone').fill('5678');
      await look(phone, '4-details', lang);
      await phone.getByTestId('book-confirm').click();
      await expect(phone.getByTestId('book-done')).toBeVisible();
      const code = ((await phone.getByTestId('book-code').textContent()) ?? '').trim();
      expect(code).toMatch(/^\d{4}$/);
      codes.set(lang, code);
      await look(phone, '5-code', lang);
    }
    // Three places, three bookings: the time now shows full, with nobody's name or code.
    await phone.goto(`${link}/${SERVICE}/${slot.day}?lang=en`);
    await expect(phone.locator(`span[data-start="${slot.start}"]`)).toContainText('Full');
    for (const code of codes.values()) await expect(phone.locator('main')).not.toContainText(code);
    await look(phone, '3-time-full', 'en');

    // The zh-Hans booking's code is checked in at a kiosk of the station.
    checkInKiosk = await openTestDevice(await enrolInProcess(district.url, station.id), 'kiosk', {
      appointments: true,
    });
    checkInKiosk.startSync(district.url);
    const db = checkInKiosk.db;
    await expect
      .poll(async () => (await db.appointments.find().exec()).length, { timeout: 60_000 })
      .toBe(LANGUAGES.length);
    await expect.poll(async () => (await db.stations.findOne(station.id).exec()) !== null).toBe(true);
    const stationDoc = (await db.stations.findOne(station.id).exec())!.toJSON() as StationDoc;
    const service = (await db.services.findOne(SERVICE).exec())!.toJSON() as never;
    const found = await findForCheckIn(db, stationDoc, { code: codes.get('zh-Hans')! });
    if (found.kind !== 'found') throw new Error(`the kiosk did not find the booking: ${found.kind}`);
    const ticket = await checkIn(db, {
      appointment: found.appointment,
      service,
      station: stationDoc,
      device: checkInKiosk.enrolment,
      lang: 'zh-Hans',
    });
    expect(ticket?.appointmentId).toBe(found.appointment.id);
    await checkInKiosk.sync!.awaitInSync();
    await expect
      .poll(
        async () => {
          const day = await admin<BookingDay>(
            district.url,
            'GET',
            `/stations/${station.id}/appointments?day=${slot.day}`,
          );
          return day.appointments.find((a) => a.code === codes.get('zh-Hans'))?.status;
        },
        { timeout: 60_000 },
      )
      .toBe('checked_in');
  } finally {
    await checkInKiosk?.close();
    await browser?.close();
    await kiosk?.close();
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
