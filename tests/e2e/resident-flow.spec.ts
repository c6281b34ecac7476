/**
 * The resident's kiosk, end to end, offline: find a service, take a number, and
 * everything around it. Runs against Chromium here and Electron where it exists.
 */
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import { expectElderFriendly } from './support/elder-ux.ts';
import { checkEverySize } from './support/resident-screens.ts';
import { installSoundRecorder, soundRecording } from './support/sound-recorder.ts';
import {
  chooseLanguage,
  openService,
  readLocalCollection,
  screenshot,
  takeNumber,
  waitForHome,
} from './support/resident.ts';
import { expect, test, type Viewport } from './support/targets.ts';
import { withRealTime } from './support/station-time.ts';

// Each test has its own kiosk data folder (targets.ts), so the file's tests may run in
// different workers; the three language flows are the suite's longest tests.
test.describe.configure({ mode: 'parallel' });

/**
 * What each language must show for the government social-security-card service. Its
 * queue B is served by counters 1 and 2, so the ticket names the waiting area, not a counter.
 */
const EXPECT: Record<Lang, { service: RegExp; location: RegExp; ahead: RegExp }> = {
  'zh-Hans': { service: /社保卡办理/, location: /^一楼大厅等候区$/, ahead: /您前面没有人在等/ },
  'zh-Hant': { service: /社保卡辦理/, location: /^一樓大廳等候區$/, ahead: /您前面沒有人在等/ },
  en: {
    service: /social security card/i,
    location: /^Waiting area, ground-floor hall$/,
    ahead: /Nobody is waiting ahead of you/,
  },
};

for (const lang of LANGUAGES) {
  test(`a resident takes a number in ${lang}, and every screen is elder-friendly at every size and in large text`, async ({
    kiosk,
  }, testInfo) => {
    test.setTimeout(600_000);
    const page = kiosk.page;
    const check = (name: string) => checkEverySize(page, testInfo.project.name, lang, name);
    await waitForHome(page);
    if (lang !== 'zh-Hans') await chooseLanguage(page, lang);
    await check('01-home');

    await page.getByTestId('category-government').click();
    await expect(page.getByTestId('screen-services')).toBeVisible();
    await check('02-services');

    await page.getByTestId('service-gov-social-security-card').click();
    await expect(page.getByTestId('screen-detail')).toBeVisible();
    await expect(page.getByTestId('screen-detail')).toContainText(EXPECT[lang].service);
    await check('03-detail');

    const number = await takeNumber(page);
    expect(number).toBe('B001');
    await expect(page.getByTestId('ticket-service')).toHaveText(EXPECT[lang].service);
    await expect(page.getByTestId('ticket-location')).toHaveText(EXPECT[lang].location);
    await expect(page.getByTestId('ticket-ahead')).toHaveText(EXPECT[lang].ahead);
    await check('04-ticket');

    await page.getByTestId('ticket-done').click();
    await expect(page.getByTestId('screen-home')).toBeVisible();
    // The language a resident chose stays until they leave (idle reset).
    await expect(page.locator('html')).toHaveAttribute('lang', lang);

    await page.getByTestId('nav-needs').click();
    await check('05a-needs-kind');
    await page.getByTestId('need-meals').click();
    await page.getByTestId('need-phrase-soon').click();
    await check('05b-needs-words');
    await page.getByTestId('need-next').click();
    await check('05c-needs-phone');
    await page.getByTestId('need-submit').click();
    await expect(page.getByTestId('screen-needThanks')).toBeVisible();
    await check('06-need-thanks');

    await page.getByTestId('help').click();
    await expect(page.getByTestId('help-dialog')).toBeVisible();
    await check('07-help');
    await page.getByTestId('help-ok').click();

    await page.getByTestId('thanks-home').click();
    await page.getByTestId('category-health').click();
    await page.getByTestId('service-health-blood-pressure').click();
    await expect(page.getByTestId('no-ticket')).toBeVisible();
    await check('08-detail-no-ticket');
  });
}

test('large text stays on from screen to screen and through a reload, and the idle reset turns it off', async ({
  kiosk,
}) => {
  const page = kiosk.page;
  await withRealTime(page);
  await page.clock.install();
  await page.reload();
  await waitForHome(page);
  const html = page.locator('html');
  const size = () =>
    page
      .getByTestId('screen-home')
      .locator('.lead')
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
  const normal = await size();
  await page.getByTestId('large-text').click();
  await expect(html).toHaveAttribute('data-text-size', 'large');
  await expect(page.getByTestId('large-text')).toHaveText('正常字');
  // The words grow by half; the frame's buttons keep their size and place.
  expect(await size()).toBeCloseTo(normal * 1.5, 0);
  await openService(page, 'culture', 'culture-library-books');
  await page.reload();
  await expect(page.getByTestId('screen-detail')).toBeVisible();
  await expect(html).toHaveAttribute('data-text-size', 'large');
  await page.clock.runFor(125_000);
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await expect(html).not.toHaveAttribute('data-text-size', 'large');
  await expect(page.getByTestId('large-text')).toHaveText('大字');
  expect(await size()).toBeCloseTo(normal, 0);
});

test("a larger browser text size makes the kiosk's text larger (sizes are in rem)", async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  const body = () =>
    page
      .getByTestId('screen-home')
      .locator('.lead')
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
  const before = await body();
  // What a larger OS or browser default text size does: the root's 100% grows.
  await page.addStyleTag({ content: 'html { font-size: calc(var(--root-size) * 1.25) !important; }' });
  expect(await body()).toBeCloseTo(before * 1.25, 0);
});

test('the second resident in a queue is told one person is ahead', async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  await chooseLanguage(page, 'en');
  await openService(page, 'legal', 'legal-labour-dispute');
  expect(await takeNumber(page)).toBe('D001');
  await page.getByTestId('ticket-done').click();
  await openService(page, 'legal', 'legal-peoples-mediation');
  expect(await takeNumber(page)).toBe('D002');
  await expect(page.getByTestId('ticket-ahead')).toHaveText('1 person is ahead of you');
  // Another queue has its own numbers and nobody ahead.
  await page.getByTestId('ticket-done').click();
  await openService(page, 'health', 'health-blood-sugar');
  expect(await takeNumber(page)).toBe('E001');
  await expect(page.getByTestId('ticket-ahead')).toHaveText('Nobody is waiting ahead of you');
});

test('a reload mid-flow loses no ticket and keeps the screen', async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  await openService(page, 'government', 'gov-residence-permit');
  await page.reload();
  await expect(page.getByTestId('screen-detail')).toContainText('居住证');
  const number = await takeNumber(page);
  await page.reload();
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
  const tickets = await readLocalCollection(page, 'tickets');
  expect(tickets.map((t) => t.number)).toEqual([number]);
  // Back still never issues a second ticket for the same tap.
  await page.getByTestId('nav-back').click();
  await expect(page.getByTestId('screen-services')).toBeVisible();
  expect((await readLocalCollection(page, 'tickets')).length).toBe(1);
});

test("a ticket taken after a browser restart continues the day's numbers", async ({ kiosk }) => {
  let page = kiosk.page;
  await waitForHome(page);
  await openService(page, 'government', 'gov-pension-check');
  expect(await takeNumber(page)).toBe('B001');
  await page.getByTestId('ticket-done').click();
  await openService(page, 'government', 'gov-medical-insurance');
  expect(await takeNumber(page)).toBe('B002');

  page = await kiosk.restart();
  await waitForHome(page);
  await openService(page, 'government', 'gov-elderly-allowance');
  expect(await takeNumber(page)).toBe('B003');
  await expect(page.getByTestId('ticket-ahead')).toHaveText(/您前面还有 2 人/);
});

test('an idle screen warns with a visible countdown, one tap keeps it, then it resets to home', async ({ kiosk }) => {
  const page = kiosk.page;
  await withRealTime(page);
  await page.clock.install();
  await page.reload();
  await waitForHome(page);
  await chooseLanguage(page, 'en');
  await openService(page, 'culture', 'culture-library-books');

  // No warning while the resident is still reading.
  await page.clock.runFor(60_000);
  await expect(page.getByTestId('idle-warning')).toBeHidden();

  await page.clock.runFor(31_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  const seconds = Number(await page.getByTestId('idle-seconds').textContent());
  expect(seconds).toBeGreaterThanOrEqual(20);
  await screenshot(page, `${kiosk.target}/1920x1080/en/09-idle-warning`);
  await expectElderFriendly(page, 'idle warning');

  // One tap keeps the screen as it was.
  await page.getByTestId('idle-stay').click();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('screen-detail')).toBeVisible();

  // Left alone again: warning, countdown, then home in the default language.
  await page.clock.runFor(91_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.runFor(30_000);
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
});

test('touching a tile and sliding off before release does nothing', async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  const tile = page.getByTestId('category-health');
  const box = await tile.boundingBox();
  if (!box) throw new Error('tile not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Nothing happens on touch-down.
  await page.waitForTimeout(300);
  await expect(page.getByTestId('screen-home')).toBeVisible();
  await page.mouse.move(box.x + box.width / 2, box.y - 200, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  await expect(page.getByTestId('screen-home')).toBeVisible();
  // A normal tap on the same tile still works.
  await tile.click();
  await expect(page.getByTestId('screen-services')).toBeVisible();
});

test('"call staff" records a help request that a staff screen can show', async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  await openService(page, 'legal', 'legal-aid');
  await page.getByTestId('help').click();
  // Honest until someone has said they are coming (staff.spec.ts follows it to the counter and back).
  await expect(page.getByTestId('help-dialog')).toContainText('已经告诉工作人员了');
  const requests = await readLocalCollection(page, 'helpRequests');
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({
    screen: 'detail',
    category: 'legal',
    serviceId: 'legal-aid',
    kioskNumber: 1,
    status: 'open',
    lang: 'zh-Hans',
  });
});

test('a need or suggestion is stored with its optional words and phone number', async ({ kiosk }) => {
  // Taps only: no keyboard.type or fill anywhere, as on a kiosk without a keyboard.
  const page = kiosk.page;
  await waitForHome(page);
  await chooseLanguage(page, 'zh-Hant');
  await page.getByTestId('nav-needs').click();
  await page.getByTestId('need-repair').click();
  await expect(page.locator('input, textarea')).toHaveCount(0);
  await page.getByTestId('need-phrase-urgent').click();
  await page.getByTestId('need-phrase-mobility').click();
  await expect(page.getByTestId('need-text')).toHaveText('事情比較急，我行動不方便');
  await expect(page.getByTestId('need-submit')).toHaveCount(0);
  await page.getByTestId('need-next').click();
  for (const digit of '13800138000') await page.getByRole('button', { name: digit, exact: true }).click();
  await expect(page.getByTestId('need-phone')).toHaveText('13800138000');
  await page.getByTestId('need-submit').click();
  await expect(page.getByTestId('screen-needThanks')).toContainText('謝謝您');
  const needs = await readLocalCollection(page, 'needs');
  expect(needs).toHaveLength(1);
  expect(needs[0]).toMatchObject({
    kind: 'repair',
    text: '事情比較急，我行動不方便',
    contact: '13800138000',
    lang: 'zh-Hant',
  });
});

test('in English, words are typed on large on-screen letters', async ({ kiosk }) => {
  const page = kiosk.page;
  await waitForHome(page);
  await chooseLanguage(page, 'en');
  await page.getByTestId('nav-needs').click();
  await page.getByTestId('need-activity').click();
  for (const key of ['t', 'a', 'i', 'space', 'c', 'h', 'i']) await page.getByTestId(`key-${key}`).click();
  await expect(page.getByTestId('need-text')).toHaveText('tai chi');
  await page.getByTestId('need-next').click();
  await page.getByTestId('need-submit').click();
  await expect(page.getByTestId('screen-needThanks')).toBeVisible();
  expect((await readLocalCollection(page, 'needs'))[0]).toMatchObject({
    kind: 'activity',
    text: 'tai chi',
    lang: 'en',
  });
});

test('"read aloud" is heard in the current language through the offline voice, shows that it is reading, and stops on a second tap', async ({
  kiosk,
}, testInfo) => {
  test.setTimeout(180_000);
  const page = kiosk.page;
  await page.addInitScript(installSoundRecorder);
  await page.reload();
  await waitForHome(page);
  const button = page.getByTestId('read-aloud');
  const heard = () => soundRecording(page);
  // Headless Chromium has no OS voice, like a stock Linux station: the offline voice must read.
  expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);

  await button.click();
  await expect(button).toHaveAttribute('data-state', 'speaking');
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(button).toContainText('正在朗读');
  await expect(button).toContainText('停止');
  await expect
    .poll(async () => (await heard()).engine[0])
    .toMatchObject({ voice: 'cmn', text: expect.stringContaining('您想办什么事') });
  await expect.poll(async () => (await heard()).sounds.length, { timeout: 60_000 }).toBeGreaterThan(0);
  const first = (await heard()).sounds[0]!;
  expect(first.rms, 'the reading is not silent').toBeGreaterThan(0.02);
  expect(first.voicedShare).toBeGreaterThan(0.4);
  expect(first.seconds).toBeGreaterThan(1);
  // While reading, the screen is still elder-friendly (the button's two lines included).
  await screenshot(page, `${testInfo.project.name}/1920x1080/zh-Hans/read-aloud-speaking`);
  await expectElderFriendly(page, 'home while reading aloud (zh-Hans)');

  // A second tap stops the voice at once.
  await button.click();
  await expect(button).toHaveAttribute('data-state', 'idle');
  await expect(button).toHaveText('读给我听');
  await expect.poll(async () => (await heard()).sounds.at(-1)?.end ?? null).not.toBeNull();
  const afterStop = (await heard()).sounds.length;
  await page.waitForTimeout(1_500);
  expect((await heard()).sounds.length, 'nothing more is read after stopping').toBe(afterStop);

  await chooseLanguage(page, 'en');
  await openService(page, 'health', 'health-family-doctor-clinic');
  await button.click();
  await expect(button).toContainText('Reading aloud');
  await expect
    .poll(async () => (await heard()).engine.at(-1), { timeout: 30_000 })
    .toMatchObject({ voice: 'en-us', text: expect.stringContaining('What to bring') });

  // Switching language stops the English reading (the screen no longer says it); a tap reads it in 繁體.
  await chooseLanguage(page, 'zh-Hant');
  await expect(button).toHaveAttribute('data-state', 'idle');
  await button.click();
  await expect
    .poll(async () => (await heard()).engine.map((e) => e.text).join('\n'), { timeout: 30_000 })
    .toContain('要帶的東西');
  await expect(button).toContainText('正在朗讀');
  expect((await heard()).osUtterances, 'no OS voice exists here, so none is used').toEqual([]);
});

/**
 * Right place, right time (issue 12): a service not offered on the station's day
 * gives no number and says when it is next; a ticket never names one counter of
 * several; every screen opens at its top. At the two landscape sizes of station PCs.
 */
for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as Viewport[]) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`right place, right time at ${size}`, () => {
    test.use({ viewport });

    test('a service closed today gives no number and says when it is next', async ({ kiosk }, testInfo) => {
      const page = kiosk.page;
      await waitForHome(page);
      // The devices run on a weekday morning (support/station-time.ts): the Wednesday clinic
      // is closed unless that is a Wednesday, and then the Tuesday lawyer is.
      const weekday = await page.evaluate(() => new Date(Date.now() + 8 * 3_600_000).getUTCDay());
      const closed =
        weekday === 3
          ? { category: 'legal', id: 'legal-lawyer-consultation', day: '周二', time: '13:30–16:30' }
          : { category: 'health', id: 'health-family-doctor-clinic', day: '周三', time: '08:30–11:30' };
      await openService(page, closed.category, closed.id);
      await expect(page.getByTestId('take-number')).toHaveCount(0);
      const next = page.getByTestId('next-opening');
      await expect(next).toContainText('下次办理：');
      await expect(next).toContainText(closed.day);
      await expect(next).toContainText(closed.time);
      await expect(page.getByTestId('detail-status')).toHaveText('今天不办这项服务，今天取不了号');
      await screenshot(page, `${testInfo.project.name}/right-place/${size}/detail-closed-today`);
      await expectElderFriendly(page, `closed service (${size})`);
      expect(await readLocalCollection(page, 'tickets')).toEqual([]);
      await page.getByTestId('closed-back').click();
      await expect(page.getByTestId('screen-services')).toBeVisible();
    });

    test('the ticket names the waiting area, not a counter, and every screen opens at its top', async ({
      kiosk,
    }, testInfo) => {
      const page = kiosk.page;
      await waitForHome(page);
      await page.getByTestId('category-government').click();
      await expect(page.getByTestId('screen-services')).toBeVisible();
      // Scroll the list to its end and open its last item.
      const main = page.getByRole('main');
      await main.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const last = page.getByTestId('service-gov-suishenban-help');
      await last.scrollIntoViewIfNeeded();
      const scrolled = await main.evaluate((el) => el.scrollTop);
      // At 1366×768 the nine items do not fit, so the list really was scrolled.
      if (viewport.width === 1366) expect(scrolled).toBeGreaterThan(0);
      await last.click();
      await expect(page.getByTestId('screen-detail')).toBeVisible();
      expect(await main.evaluate((el) => el.scrollTop), `the list was scrolled ${scrolled}px; the detail is not`).toBe(
        0,
      );
      await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();

      const number = await takeNumber(page);
      expect(number).toMatch(/^B\d{3}$/);
      await expect(page.getByRole('main')).toHaveJSProperty('scrollTop', 0);
      await expect(page.getByTestId('ticket-location')).toHaveText('一楼大厅等候区');
      await expect(page.getByTestId('ticket-watch-screen')).toHaveText('叫到您的号码时，叫号屏会告诉您去几号窗口');
      await expect(page.getByTestId('screen-ticket')).not.toContainText(/\d号窗口/);
      await screenshot(page, `${testInfo.project.name}/right-place/${size}/ticket-waiting-area`);
      await expectElderFriendly(page, `ticket (${size})`);
    });
  });
}
