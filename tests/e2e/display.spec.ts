/**
 * The calling display, end to end: a resident takes a number at the kiosk, staff
 * call it (through the district, as a counter device will), and the display of the
 * same station shows it very large and announces it — chime, then the text twice in
 * the station's language. Real district server, real RxDB replication, real Chromium.
 *
 * Speech and audio are observed, not replaced (support/sound-recorder.ts): each
 * chime tone, each text handed to the offline voice's engine, and each sound of
 * speech played through Web Audio, measured in the page. Headless Chromium has no
 * OS voice, as a stock Linux station has none, so what is heard is the offline
 * voice: each reading must be speech (loud, mostly voiced) and long enough for a
 * number and a window. One reading per language is written to artifacts/audio/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createConfigStore } from '#services/config-store.ts';
import type { Lang } from '#protocol/languages.ts';
import { applyTicketAction } from '#protocol/ticket-lifecycle.ts';
import {
  districtTickets,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  type Device,
} from './support/district.ts';
import { expectElderFriendly, expectFitsScreen } from './support/elder-ux.ts';
import { atEachSize, DISPLAY_SIZES } from './support/layout.ts';
import { openService, screenshot, takeNumber, waitForHome } from './support/resident.ts';
import { installSoundRecorder, saveHeardSound, soundRecording, type HeardSound } from './support/sound-recorder.ts';
import { expect, test } from './support/targets.ts';
import { stationNow } from './support/station-time.ts';

const recording = soundRecording;

/** The texts the display handed to the offline engine, each once, as "voice text". */
async function engineTexts(page: Page): Promise<string[]> {
  return [...new Set((await recording(page)).engine.map((e) => `${e.voice} ${e.text}`))];
}

/** The texts the display's queue read out, in order. */
async function announced(page: Page): Promise<string[]> {
  return JSON.parse((await page.getByTestId('display-announcing').getAttribute('data-announced')) ?? '[]') as string[];
}

/** Every sound of speech so far was heard whole, and is speech: loud enough, mostly voiced, seconds long. */
async function expectSpeechHeard(page: Page, count: number): Promise<HeardSound[]> {
  const { sounds, osUtterances } = await recording(page);
  expect(osUtterances, 'no OS voice exists here, so none is used').toEqual([]);
  expect(sounds).toHaveLength(count);
  for (const [i, sound] of sounds.entries()) {
    expect(sound.seconds, `reading ${i + 1}: a number and a window take time to say`).toBeGreaterThan(1.5);
    expect(sound.seconds).toBeLessThan(10);
    expect(sound.rms, `reading ${i + 1} is not silent`).toBeGreaterThan(0.02);
    expect(sound.voicedShare, `reading ${i + 1} is mostly voice`).toBeGreaterThan(0.4);
    expect(sound.stopped, `reading ${i + 1} was not cut off`).toBe(false);
    expect(sound.end, `reading ${i + 1} played to its end`).not.toBeNull();
  }
  return sounds;
}

/** Everything the display made heard, in time order: 'tone' or 'speech'. */
async function timeline(page: Page): Promise<{ at: number; end: number; what: string }[]> {
  const r = await recording(page);
  return [
    ...r.tones.map((t) => ({ at: t.at, end: t.at, what: 'tone' })),
    ...r.sounds.map((u) => ({ at: u.at, end: u.end ?? Number.POSITIVE_INFINITY, what: 'speech' })),
  ].sort((a, b) => a.at - b.at);
}

async function waitUntilQuiet(page: Page): Promise<void> {
  await expect(page.getByTestId('display-announcing')).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });
}

/** Enrols a calling display (a role without an issuing slot) and sets the language it shows and speaks. */
async function enrolDisplayFolder(districtUrl: string, dataDir: string, stationId: string, lang: Lang): Promise<void> {
  await enrolDeviceFolder(districtUrl, dataDir, stationId, { role: 'display' });
  await setDisplayLang(dataDir, lang);
}

async function setDisplayLang(dataDir: string, lang: Lang): Promise<void> {
  await createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } }).update({
    defaultLang: lang,
  });
}

interface CallingStation {
  district: DistrictProcess;
  kiosk: Device;
  /** A counter's enrolled folder (no page): staff actions are pushed with its credential. */
  counterDir: string;
  stationId: string;
  root: string;
}

async function callingStation(): Promise<CallingStation> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-display-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  await district.start();
  const catalog = await setUpDemoStation(district.url);
  // Two issuing slots: the kiosk's (slot 0 still numbers 001–099 first) and a counter's.
  // Calling is staff's work: the district refuses a call pushed by a kiosk (the role rules),
  // so staff actions go out with the counter's credential; the counter needs no page here.
  await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), catalog.station.id, {
    role: 'kiosk',
    slot: 0,
    slots: 2,
  });
  const counterDir = join(root, 'counter', 'device');
  await enrolDeviceFolder(district.url, counterDir, catalog.station.id, { role: 'counter', slot: 1, slots: 2 });
  const kiosk = await openDevice(root, 'kiosk');
  await waitForHome(kiosk.page);
  return { district, kiosk, counterDir, stationId: catalog.station.id, root };
}

async function openDisplay(root: string): Promise<Device> {
  const display = await openDevice(root, 'display', async (context) => {
    await context.addInitScript(installSoundRecorder);
  });
  await expect(display.page.getByTestId('screen-display')).toBeVisible({ timeout: 30_000 });
  return display;
}

async function takeTicket(page: Page, category: string, service: string): Promise<string> {
  await openService(page, category, service);
  const number = await takeNumber(page);
  await page.getByTestId('ticket-done').click();
  return number;
}

/**
 * What a staff counter will do: apply the lifecycle action to the district's copy of
 * the ticket and push it, with a device credential of the station.
 */
async function staffAction(
  s: CallingStation,
  number: string,
  action: 'call' | 'recall',
  counter: string,
  at = stationNow(),
): Promise<void> {
  const { credential } = JSON.parse(readFileSync(join(s.counterDir, 'device-credential.json'), 'utf8')) as {
    credential: string;
  };
  const from = action === 'call' ? 'waiting' : 'called';
  await expect
    .poll(
      async () => (await districtTickets(s.district.url, s.kiosk.dataDir)).find((t) => t.number === number)?.status,
      { timeout: 15_000 },
    )
    .toBe(from);
  const current = (await districtTickets(s.district.url, s.kiosk.dataDir)).find((t) => t.number === number)!;
  const next = applyTicketAction(current, action, { at, by: 'wang-fang', counter });
  if (!next.ok) throw new Error(next.error.message);
  const response = await fetch(`${s.district.url}/api/v1/replication/tickets/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ assumedMasterState: current, newDocumentState: next.value }]),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-doorstep-refused'), 'the district refused none of it').toBeNull();
  expect(await response.json(), 'the district took the call without a conflict').toEqual([]);
}

const SAY: Record<Lang, (number: string, place: string) => string> = {
  'zh-Hans': (n, p) => `请 ${n} 号到 ${p}`,
  'zh-Hant': (n, p) => `請 ${n} 號到 ${p}`,
  en: (n, p) => `Number ${n}, please go to ${p}`,
};

test.describe('the calling display of a station', () => {
  test.beforeEach(({ target }) => {
    test.skip(
      target !== 'chromium',
      'the station (kiosk, district, display) runs as Chromium profiles; the Electron target runs the single-device suite',
    );
  });

  test('shows each call very large, announces it twice in the station language, again on recall, one call after another', async ({
    target: _target,
  }, testInfo) => {
    // Every reading is now really heard (about four seconds each, twenty of them).
    test.setTimeout(480_000);
    const s = await callingStation();
    let display: Device | null = null;
    try {
      const page = s.kiosk.page;
      // Numbers the resident takes at the kiosk (the kiosk is the station's only issuing slot).
      expect(await takeTicket(page, 'life', 'life-meal-assistance')).toBe('C001');
      expect(await takeTicket(page, 'government', 'gov-social-security-card')).toBe('B001');
      expect(await takeTicket(page, 'government', 'gov-pension-check')).toBe('B002');
      expect(await takeTicket(page, 'life', 'life-home-repair')).toBe('C002');

      // C001 was called ten minutes before the display was switched on: it is shown, never read out.
      await staffAction(s, 'C001', 'call', '3', stationNow() - 10 * 60_000);
      await enrolDisplayFolder(s.district.url, join(s.root, 'display', 'device'), s.stationId, 'zh-Hans');
      display = await openDisplay(s.root);
      const screen = display.page;
      await expect(screen.getByTestId('display-current-number')).toHaveText('C001', { timeout: 20_000 });
      await expect(screen.getByTestId('display-current-counter')).toHaveText('3号窗口');
      await expect(screen.getByTestId('display-announcing')).toHaveAttribute('data-state', 'idle');

      // B001 is called to counter 2: on screen at once, chimed, and read twice in 普通话 by the offline voice.
      await staffAction(s, 'B001', 'call', '2');
      await expect(screen.getByTestId('display-current-number')).toHaveText('B001', { timeout: 10_000 });
      await expect(screen.getByTestId('display-current-counter')).toHaveText('2号窗口');
      await expect(screen.getByTestId('display-history')).toContainText('C001');
      const b001 = SAY['zh-Hans']('B 零零一', '2号窗口');
      expect(b001).toBe('请 B 零零一 号到 2号窗口');
      await expect.poll(async () => (await recording(screen)).sounds.length, { timeout: 60_000 }).toBe(2);
      await waitUntilQuiet(screen);
      expect(await engineTexts(screen), 'the offline voice was given the call, in Mandarin').toEqual([`cmn ${b001}`]);
      await expectSpeechHeard(screen, 2);
      await saveHeardSound(screen, 0, 'zh-Hans-announcement');
      expect(
        (await recording(screen)).tones.map((t) => Math.round(t.hz)),
        'a two-tone chime before the words',
      ).toEqual([659, 523]);
      await expect(screen.getByTestId('display-announcing')).toHaveAttribute(
        'data-announced',
        JSON.stringify([b001, b001]),
      );

      // A recall is a new announcement of the same number.
      await staffAction(s, 'B001', 'recall', '2');
      await expect.poll(async () => (await recording(screen)).sounds.length, { timeout: 60_000 }).toBe(4);
      await expect.poll(() => announced(screen)).toEqual(Array(4).fill(b001));
      await expect(screen.getByTestId('display-current-number')).toHaveText('B001');
      await expect(screen.locator('.display-call')).toHaveAttribute('data-call-count', '2');
      await waitUntilQuiet(screen);

      // Two calls in quick succession: the second waits for the first; nothing overlaps.
      // B002 is the wrong-window case of issue 12: queue B is served by counters 1 and 2, its
      // ticket named neither (the hall's waiting area), and counter 1 calls it: 1号窗口 is shown and said.
      await staffAction(s, 'B002', 'call', '1');
      await staffAction(s, 'C002', 'call', '3');
      await expect(screen.getByTestId('display-announcing')).toHaveAttribute('data-state', 'announcing');
      await screenshot(screen, `${testInfo.project.name}/display/zh-Hans-announcing`);
      const b002 = SAY['zh-Hans']('B 零零二', '1号窗口');
      const c002 = SAY['zh-Hans']('C 零零二', '3号窗口');
      await expect.poll(async () => (await recording(screen)).sounds.length, { timeout: 90_000 }).toBe(8);
      await waitUntilQuiet(screen);
      expect(await announced(screen)).toEqual([...Array(4).fill(b001), b002, b002, c002, c002]);
      expect(await engineTexts(screen)).toEqual([b001, b002, c002].map((x) => `cmn ${x}`));
      await expectSpeechHeard(screen, 8);
      const events = await timeline(screen);
      expect(events.map((e) => e.what)).toEqual(
        Array.from({ length: 4 }, () => ['tone', 'tone', 'speech', 'speech']).flat(),
      );
      for (let i = 1; i < events.length; i++) {
        const before = events[i - 1]!;
        if (before.what !== 'tone')
          expect(
            events[i]!.at,
            `"${events[i]!.what}" starts only after "${before.what}" has ended`,
          ).toBeGreaterThanOrEqual(before.end);
      }
      expect(
        [...(await engineTexts(screen)), ...(await announced(screen))].join('\n'),
        'the call made before the display started is never read out',
      ).not.toContain('C 零零一');

      await expect(screen.getByTestId('display-current-number')).toHaveText('C002');
      await expect(screen.getByTestId('display-current-counter')).toHaveText('3号窗口');
      const history = screen.getByTestId('display-history').locator('li');
      await expect(history).toHaveCount(3);
      await expect(history.nth(0)).toHaveText(/B002\s*1号窗口/);
      await expect(history.nth(1)).toHaveText(/B001\s*2号窗口/);
      await expect(history.nth(2)).toHaveText(/C001\s*3号窗口/);
      // Readable across a room at 1920 × 1080.
      const size = await screen
        .getByTestId('display-current-number')
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(200);
      await expectElderFriendly(screen, 'calling display (zh-Hans)');
      await atEachSize(screen, DISPLAY_SIZES, async (at) => {
        await screenshot(screen, `${testInfo.project.name}/display/${at.name}/zh-Hans`);
        await expectFitsScreen(screen, `calling display (zh-Hans, ${at.name})`);
        const number = await screen
          .getByTestId('display-current-number')
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(number, `the number is readable across a room at ${at.name}`).toBeGreaterThanOrEqual(200);
      });
      await expect(screen.locator('button')).toHaveCount(0);

      // The same station's display set to 繁體 or English shows and speaks that language.
      // Switched on again within minutes, it repeats the recent calls (not C001).
      const expected: Record<'zh-Hant' | 'en', { place: RegExp; say: string[] }> = {
        'zh-Hant': {
          place: /^3號窗口$/,
          say: [
            SAY['zh-Hant']('B 零零一', '2號窗口'),
            SAY['zh-Hant']('B 零零二', '1號窗口'),
            SAY['zh-Hant']('C 零零二', '3號窗口'),
          ],
        },
        en: {
          place: /^Counter 3$/,
          say: [
            SAY.en('B zero zero one', 'Counter 2'),
            SAY.en('B zero zero two', 'Counter 1'),
            SAY.en('C zero zero two', 'Counter 3'),
          ],
        },
      };
      for (const lang of ['zh-Hant', 'en'] as const) {
        await display.close();
        display = null;
        await setDisplayLang(join(s.root, 'display', 'device'), lang);
        display = await openDisplay(s.root);
        const again = display.page;
        await expect(again.locator('html')).toHaveAttribute('lang', lang);
        // While it repeats the recent calls the board shows the one being said (B001 at 2號窗口
        // first), so the latest call and its window are checked once the repeats are over.
        await expect.poll(async () => (await recording(again)).sounds.length, { timeout: 90_000 }).toBe(6);
        await waitUntilQuiet(again);
        await expect(again.getByTestId('display-current-number')).toHaveText('C002');
        await expect(again.getByTestId('display-current-counter')).toHaveText(expected[lang].place);
        expect(await announced(again)).toEqual(expected[lang].say.flatMap((x) => [x, x]));
        const voice = lang === 'en' ? 'en-us' : 'cmn';
        expect(await engineTexts(again)).toEqual(expected[lang].say.map((x) => `${voice} ${x}`));
        await expectSpeechHeard(again, 6);
        await saveHeardSound(again, 0, `${lang}-announcement`);
        await expect(again.getByTestId('display-history').locator('li')).toHaveCount(3);
        await expectElderFriendly(again, `calling display (${lang})`);
        await atEachSize(again, DISPLAY_SIZES, async (at) => {
          await screenshot(again, `${testInfo.project.name}/display/${at.name}/${lang}`);
          await expectFitsScreen(again, `calling display (${lang}, ${at.name})`);
        });
      }
    } finally {
      await Promise.allSettled([s.kiosk.close(), display?.close()]);
      await s.district.stop();
      rmSync(s.root, { recursive: true, force: true });
    }
  });
});

test('a kiosk opens the calling display as a second window: a waiting ticket is not a call, nothing is said, and it is elder-friendly', async ({
  kiosk,
}, testInfo) => {
  test.skip(kiosk.target !== 'chromium', "Electron opens the display's window from its main process, not from a page");
  await waitForHome(kiosk.page);
  const screen = await kiosk.page.context().newPage();
  await screen.addInitScript(installSoundRecorder);
  await screen.goto(`${kiosk.page.url().split('#')[0]}#display`);
  await expect(screen.getByTestId('screen-display')).toBeVisible({ timeout: 20_000 });
  await expect(screen.getByTestId('display-empty')).toHaveText('还没有叫号，请耐心等候');
  await expect(screen.locator('h1')).toHaveText('陆家嘴街道梅园一村居民区家门口服务站');
  await expect(screen.getByTestId('display-clock')).toHaveText(/^\d{2}:\d{2}$/);

  // Both windows share the device's replica: the kiosk's ticket is there, but waiting.
  await openService(kiosk.page, 'government', 'gov-social-security-card');
  expect(await takeNumber(kiosk.page)).toBe('B001');
  await expect(screen.getByTestId('display-empty')).toBeVisible();
  await expect(screen.getByTestId('display-history').locator('li')).toHaveCount(0);
  await expect(screen.getByTestId('display-announcing')).toHaveAttribute('data-announced', '[]');
  const heard = await recording(screen);
  expect(heard.sounds, 'nothing is heard').toEqual([]);
  expect(heard.engine, 'nothing is given to the voice').toEqual([]);

  await expectElderFriendly(screen, 'calling display, no calls yet');
  await atEachSize(screen, DISPLAY_SIZES, async (at) => {
    await screenshot(screen, `${testInfo.project.name}/display/${at.name}/empty-zh-Hans`);
    await expectFitsScreen(screen, `calling display, no calls yet (${at.name})`);
  });
  await screen.close();
});
