/**
 * Appointments end to end: staff book them at the counter (BookingDialog: the
 * service, today, a slot from the list with its places left, the resident's name
 * and phone digits) and read the 4-digit code; the resident checks in at the
 * kiosk on the large keypad, with the code or the phone digits, and gets a ticket
 * that shows the appointment's time; the counter's "call next" calls a due
 * appointment ahead of a walk-in who came earlier, and one whose slot has not come
 * after that walk-in. Too early, too late, not found and several bookings get
 * their plain answers. Real district process, real replication, real Chromium;
 * every kiosk screen in the three languages at every kiosk size, with the elder checks.
 *
 * One clock: the district judges a slot by its own clock (it refuses a booking
 * whose slot has passed), so these pages run at the real time too, not at the
 * shifted station time of the other specs. The station is put at a UTC offset
 * where it is about noon (station-time.ts), the service runs all day every day and
 * its 5-minute slots from 10:00 to 15:00, so the spec never depends on when it runs. The kiosk
 * also records the wait it showed on the walk-in's ticket, which the district gets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { LANGUAGES } from '#protocol/languages.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { issueEntry, applyTicketAction } from '#protocol/ticket-lifecycle.ts';
import { formatTicketNumber, numberForSeq, stationDay } from '#protocol/ticket-numbering.ts';
import {
  admin,
  DistrictProcess,
  districtTickets,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  stationTest,
  type Device,
} from './support/district.ts';
import { expectElderFriendly, expectFitsScreen } from './support/elder-ux.ts';
import { atEachSize, STAFF_SIZES } from './support/layout.ts';
import { DEMO_CATALOG } from './support/paths.ts';
import { checkEverySize } from './support/resident-screens.ts';
import {
  chooseLanguage,
  openService,
  readLocalCollection,
  screenshot,
  takeNumber,
  waitForHome,
} from './support/resident.ts';
import { atRealTime, atStationTime, noonUtcOffsetMinutes } from './support/station-time.ts';

const test = stationTest;
const expect = test.expect;
// A step that cannot happen fails with what it waited for, instead of at the test's timeout.
test.use({ actionTimeout: 30_000 });
const SERVICE = 'gov-social-security-card';
const MINUTE = 60_000;
const DAY = 86_400_000;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
/** The counter's issuing slot (the kiosk has slot 0). */
const COUNTER_SLOT = { slot: 1, slots: 2 };

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The service's past: 24 services of queue B yesterday and one today at counter 1,
 * 10 minutes each, pushed as the counter would have. Enough finished services for
 * the kiosk to estimate (20), and counter 1 counts as open (it finished one 5 minutes ago).
 */
async function pushServiceHistory(districtUrl: string, counterDir: string, stationId: string, offset: number) {
  const { credential } = JSON.parse(readFileSync(join(counterDir, 'device-credential.json'), 'utf8')) as {
    credential: string;
  };
  const { deviceId } = JSON.parse(readFileSync(join(counterDir, 'device-config.json'), 'utf8')) as {
    deviceId: string;
  };
  const served = (issuedAt: number, seq: number): TicketDoc => {
    let ticket: TicketDoc = {
      id: crypto.randomUUID(),
      stationId,
      deviceId,
      day: stationDay(issuedAt, offset),
      queue: 'B',
      seq,
      number: formatTicketNumber('B', numberForSeq(seq, COUNTER_SLOT)),
      serviceId: SERVICE,
      channel: 'walk_up',
      lang: 'zh-Hans',
      priority: false,
      status: 'waiting',
      issuedAt,
      callCount: 0,
      history: [issueEntry(issuedAt, 'wang-fang')],
    };
    for (const [action, after] of [
      ['call', 5],
      ['start', 6],
      ['finish', 15],
    ] as const) {
      const next = applyTicketAction(ticket, action, { at: issuedAt + after * MINUTE, by: 'wang-fang', counter: '1' });
      if (!next.ok) throw new Error(next.error.message);
      ticket = next.value;
    }
    return ticket;
  };
  const now = Date.now();
  const tickets = [
    ...Array.from({ length: 24 }, (_, i) => served(now - DAY - i * 15 * MINUTE, i + 1)),
    served(now - 20 * MINUTE, 1),
  ];
  const response = await fetch(`${districtUrl}/api/v1/replication/tickets/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: JSON.stringify(tickets.map((t) => ({ newDocumentState: t }))),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-doorstep-refused'), 'the district refused none of the history').toBeNull();
  return tickets.length;
}

/** Books `start` today at the counter for `name` (phone digits `phone`); returns the code the dialog shows. */
async function book(page: Page, start: string, name: string, phone: string, look?: () => Promise<void>) {
  await page.getByTestId('open-booking').click();
  const slot = page.getByTestId(`booking-slot-${start}`);
  await expect(slot).toBeEnabled({ timeout: 15_000 });
  await slot.click();
  await page.getByTestId('booking-name').fill(name);
  await page.getByTestId('booking-phone').fill(phone);
  await look?.();
  await page.getByTestId('booking-book').click();
  const code = ((await page.getByTestId('booking-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^\d{4}$/);
  await expect(page.getByTestId('booking-when')).toContainText(start);
  return code;
}

/** From the kiosk's home: "I have an appointment", the way to find it, the digits, then "check in". */
async function checkInWith(page: Page, by: 'code' | 'phone', digits: string): Promise<void> {
  await page.getByTestId('home-appointment').click();
  await page.getByTestId(`appointment-by-${by}`).click();
  for (const d of digits) await page.getByTestId(`appointment-digit-${d}`).click();
  await page.getByTestId('appointment-submit').click();
}

/** The range in a zh-Hans wait line ("大约要等 10 到 20 分钟" / "大约不到 5 分钟"). */
function shownRange(words: string): { lowMin: number; highMin: number } {
  const range = /大约要等 (\d+) 到 (\d+) 分钟/.exec(words);
  if (range) return { lowMin: Number(range[1]), highMin: Number(range[2]) };
  const under = /大约不到 (\d+) 分钟/.exec(words);
  if (under) return { lowMin: 0, highMin: Number(under[1]) };
  throw new Error(`no range in "${words}"`);
}

test('appointments booked at the counter are checked in at the kiosk with the keypad and called at their slot', async ({
  target: _target,
}, testInfo) => {
  // Eight kiosk screens, each at seven sizes in three languages: about a minute a screen on a loaded machine.
  test.setTimeout(1_200_000);
  const project = testInfo.project.name;
  const root = mkdtempSync(join(tmpdir(), 'doorstep-appointments-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  const devices: Device[] = [];
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    const offset = noonUtcOffsetMinutes();
    // The demo catalog as the operator imports it, with the station about noon and one service open and bookable all day.
    const file = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as { station: object; services: { id: string }[] };
    await admin(district.url, 'POST', '/catalog', {
      ...file,
      station: {
        ...file.station,
        utcOffsetMinutes: offset,
        hours: [{ days: EVERY_DAY, from: '00:00', to: '23:59' }],
        appointmentSlots: [
          { serviceId: SERVICE, days: EVERY_DAY, from: '10:00', to: '15:00', slotMinutes: 5, capacity: 2 },
        ],
      },
      services: file.services.map((s) =>
        s.id === SERVICE ? { ...s, schedule: [{ days: EVERY_DAY, from: '00:00', to: '23:59' }] } : s,
      ),
    });
    await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), station.id, {
      role: 'kiosk',
      slot: 0,
      slots: 2,
    });
    await enrolDeviceFolder(district.url, join(root, 'counter', 'device'), station.id, {
      role: 'counter',
      ...COUNTER_SLOT,
    });
    const history = await pushServiceHistory(district.url, join(root, 'counter', 'device'), station.id, offset);
    const kiosk = await openDevice(root, 'kiosk', atRealTime);
    const counter = await openDevice(root, 'counter', atRealTime);
    devices.push(kiosk, counter);
    await waitForHome(kiosk.page);
    // The service times must be on the kiosk before its first estimate reads them.
    await expect
      .poll(async () => (await readLocalCollection(kiosk.page, 'tickets')).length, { timeout: 20_000 })
      .toBe(history);

    // A walk-in takes a number first, and the ticket records the wait the kiosk showed.
    await openService(kiosk.page, 'government', SERVICE);
    const wait = kiosk.page.getByTestId('wait-estimate');
    await expect(wait).toHaveAttribute('data-kind', 'estimate', { timeout: 15_000 });
    const shown = shownRange((await wait.textContent()) ?? '');
    const walkIn = await takeNumber(kiosk.page);
    await kiosk.page.getByTestId('ticket-done').click();
    await expect
      .poll(async () => (await districtTickets(district.url, kiosk.dataDir)).find((t) => t.number === walkIn), {
        timeout: 15_000,
      })
      .toMatchObject({ waitEstimate: { ...shown, ahead: 0 } });

    // Staff book: one slot under way now (due), one in 20 minutes, one in an hour, two later with the same phone digits.
    await counter.page.getByTestId('staff-wang-fang').click();
    for (const d of '1234') await counter.page.getByTestId(`pin-${d}`).click();
    await counter.page.getByTestId('pin-ok').click();
    await counter.page.getByTestId('counter-2').click();
    await expect(counter.page.getByTestId('screen-staff-board')).toBeVisible();
    const localMinute = Math.floor(((((Date.now() + offset * MINUTE) % DAY) + DAY) % DAY) / MINUTE);
    const current = Math.floor(localMinute / 5) * 5;
    const slot = (after: number) => hhmm(current + after);
    const due = await book(counter.page, slot(0), '王阿姨', '5678', async () => {
      await expectElderFriendly(counter.page, 'booking at the counter');
      await atEachSize(counter.page, STAFF_SIZES, async (at) => {
        await screenshot(counter.page, `chromium/staff/${at.name}/booking`);
        await expectFitsScreen(counter.page, `booking at ${at.name}`);
      });
    });
    await atEachSize(counter.page, STAFF_SIZES, async (at) => {
      await screenshot(counter.page, `chromium/staff/${at.name}/booking-done`);
      await expectFitsScreen(counter.page, `booking done at ${at.name}`);
    });
    await counter.page.getByTestId('booking-close').click();
    for (const [after, name, phone] of [
      [20, '李伯伯', '4321'],
      [60, '张先生', '1234'],
      [90, '赵奶奶', '8888'],
      [95, '赵爷爷', '8888'],
    ] as const) {
      await book(counter.page, slot(after), name, phone);
      await counter.page.getByTestId('booking-close').click();
    }

    // The kiosk, once the bookings have synced down: each screen in every language at every size.
    const page = kiosk.page;
    const everyLanguage = async (name: string) => {
      for (const lang of LANGUAGES) {
        await chooseLanguage(page, lang);
        await checkEverySize(page, project, lang, name);
      }
      await chooseLanguage(page, 'zh-Hans');
    };
    await expect(page.getByTestId('home-appointment')).toBeVisible({ timeout: 15_000 });
    await expect
      .poll(async () => (await readLocalCollection(page, 'appointments')).length, { timeout: 15_000 })
      .toBe(5);
    await everyLanguage('20-appointment-home');
    await page.getByTestId('home-appointment').click();
    await everyLanguage('21-appointment-how');
    await page.getByTestId('appointment-by-code').click();
    await page.getByTestId('appointment-digit-4').click();
    await page.getByTestId('appointment-digit-2').click();
    await everyLanguage('22-appointment-keypad');
    await page.getByTestId('appointment-clear').click();
    await expect(page.getByTestId('appointment-submit')).toBeDisabled();

    // A code nobody was given: not found.
    const codes = new Set((await readLocalCollection(page, 'appointments')).map((a) => a.code));
    const unknown = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0')).find((c) => !codes.has(c))!;
    for (const d of unknown) await page.getByTestId(`appointment-digit-${d}`).click();
    await page.getByTestId('appointment-submit').click();
    await expect(page.getByTestId('appointment-outcome')).toContainText('没有找到您今天的预约');
    await everyLanguage('23-appointment-not-found');
    await page.getByTestId('appointment-home').click();

    // Two bookings share the phone digits 8888: use the code instead.
    await checkInWith(page, 'phone', '8888');
    await expect(page.getByTestId('appointment-outcome')).toContainText('请改用4位预约码签到');
    await everyLanguage('24-appointment-several');
    await page.getByTestId('appointment-home').click();

    // The appointment in an hour: too early, come back 30 minutes before it (the station's early window).
    await checkInWith(page, 'phone', '1234');
    await expect(page.getByTestId('appointment-outcome')).toContainText(`请在 ${slot(30)} 以后再来签到`);
    await everyLanguage('25-appointment-too-early');
    await page.getByTestId('appointment-home').click();

    // The appointment under way, by its code: a ticket with the appointment's time.
    await checkInWith(page, 'code', due);
    await expect(page.getByTestId('ticket-number')).toBeVisible({ timeout: 20_000 });
    const dueNumber = ((await page.getByTestId('ticket-number').textContent()) ?? '').trim();
    await expect(page.getByTestId('ticket-appointment')).toContainText(slot(0));
    // Its slot has begun: the ticket says it is due, not "called at" a time already past.
    await expect(page.getByTestId('ticket-appointment')).toContainText('时间已到');
    await everyLanguage('26-appointment-ticket');
    await page.getByTestId('ticket-done').click();

    // The one in 20 minutes, by phone digits: checked in on time, it waits for its slot.
    await checkInWith(page, 'phone', '4321');
    await expect(page.getByTestId('ticket-appointment')).toContainText(slot(20), { timeout: 20_000 });
    await expect(page.getByTestId('ticket-appointment')).toContainText('到时叫号');
    const laterNumber = ((await page.getByTestId('ticket-number').textContent()) ?? '').trim();
    await page.getByTestId('ticket-done').click();

    // At the counter: both marked; the due one is called before the earlier walk-in, the later one after it.
    const board = counter.page;
    for (const n of [dueNumber, laterNumber]) {
      await expect(board.getByTestId(`waiting-${n}`).getByTestId('appointment-mark')).toBeVisible({ timeout: 15_000 });
    }
    await expect(board.getByTestId(`waiting-${walkIn}`).getByTestId('appointment-mark')).toHaveCount(0);
    await expect(board.getByTestId('call-next')).toContainText(dueNumber);
    await screenshot(board, 'chromium/staff/1366x768/board-appointment');
    await board.getByTestId('call-next').click();
    await expect(board.getByTestId('current-ticket')).toContainText(dueNumber);
    await board.getByTestId('action-start').click();
    await board.getByTestId('action-finish').click();
    await board.getByTestId('rating-skip').click();
    await expect(board.getByTestId('call-next')).toContainText(walkIn);
    await board.getByTestId('call-next').click();
    await expect(board.getByTestId('current-ticket')).toContainText(walkIn);
    await expect(board.getByTestId(`waiting-${laterNumber}`)).toBeVisible();

    // 80 minutes on at the kiosk (the resident of the hour's slot comes back too late): the slot was released.
    await atStationTime(kiosk.context, 80 * MINUTE);
    await page.reload();
    await waitForHome(page);
    await checkInWith(page, 'phone', '1234');
    await expect(page.getByTestId('appointment-outcome')).toContainText('预约时间已过');
    await everyLanguage('27-appointment-too-late');
  } finally {
    for (const d of devices) await d.close().catch(() => undefined);
    await district.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
});
