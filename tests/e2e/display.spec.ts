/**
 * The calling display, end to end: a resident takes a number at the kiosk, staff
 * call it (through the district, as a counter device will), and the display of the
 * same station shows it very large and announces it — chime, then the text twice in
 * the station's language. Real district server, real RxDB replication, real Chromium.
 *
 * Speech and audio are observed, not replaced: an init script wraps
 * speechSynthesis.speak and OscillatorNode.start to record what was said (text,
 * language, when it started and ended) and when each chime tone started, then
 * calls the real ones.
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
import { expectElderFriendly } from './support/elder-ux.ts';
import { openService, screenshot, takeNumber, waitForHome } from './support/resident.ts';
import { expect, test } from './support/targets.ts';

interface Utterance {
  text: string;
  lang: string;
  startedAt: number;
  endedAt: number | null;
}
interface Recording {
  utterances: Utterance[];
  tones: { at: number; hz: number }[];
}

/** Runs in the page before the app: records speech and chime tones, then does exactly what the page asked. */
function installRecorder(): void {
  const recording: Recording = { utterances: [], tones: [] };
  (window as unknown as { __displayRecording: Recording }).__displayRecording = recording;
  if ('speechSynthesis' in window) {
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    synth.speak = (utterance: SpeechSynthesisUtterance) => {
      const entry: Utterance = {
        text: utterance.text,
        lang: utterance.lang,
        startedAt: performance.now(),
        endedAt: null,
      };
      recording.utterances.push(entry);
      const ended = () => {
        entry.endedAt ??= performance.now();
      };
      utterance.addEventListener('end', ended);
      utterance.addEventListener('error', ended);
      speak(utterance);
    };
  }
  if (typeof OscillatorNode !== 'undefined') {
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      recording.tones.push({ at: performance.now(), hz: this.frequency.value });
      return start.call(this, when);
    };
  }
}

const recording = (page: Page) =>
  page.evaluate(() => (window as unknown as { __displayRecording: Recording }).__displayRecording);
const spoken = async (page: Page) => (await recording(page)).utterances.map((u) => `${u.lang} ${u.text}`);

/** Everything the display asked for, in time order: 'tone' or the spoken text. */
async function timeline(page: Page): Promise<{ at: number; end: number; what: string }[]> {
  const r = await recording(page);
  return [
    ...r.tones.map((t) => ({ at: t.at, end: t.at, what: 'tone' })),
    ...r.utterances.map((u) => ({ at: u.startedAt, end: u.endedAt ?? Number.POSITIVE_INFINITY, what: u.text })),
  ].sort((a, b) => a.at - b.at);
}

async function waitUntilQuiet(page: Page): Promise<void> {
  await expect(page.getByTestId('display-announcing')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
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
  stationId: string;
  root: string;
}

async function callingStation(): Promise<CallingStation> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-display-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  await district.start();
  const catalog = await setUpDemoStation(district.url);
  await enrolDeviceFolder(district.url, join(root, 'kiosk', 'device'), catalog.station.id, {
    role: 'kiosk',
    slot: 0,
    slots: 1,
  });
  const kiosk = await openDevice(root, 'kiosk');
  await waitForHome(kiosk.page);
  return { district, kiosk, stationId: catalog.station.id, root };
}

async function openDisplay(root: string): Promise<Device> {
  const display = await openDevice(root, 'display', async (context) => {
    await context.addInitScript(installRecorder);
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
  at = Date.now(),
): Promise<void> {
  const { credential } = JSON.parse(readFileSync(join(s.kiosk.dataDir, 'device-credential.json'), 'utf8')) as {
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
    test.setTimeout(240_000);
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
      await staffAction(s, 'C001', 'call', '3', Date.now() - 10 * 60_000);
      await enrolDisplayFolder(s.district.url, join(s.root, 'display', 'device'), s.stationId, 'zh-Hans');
      display = await openDisplay(s.root);
      const screen = display.page;
      await expect(screen.getByTestId('display-current-number')).toHaveText('C001', { timeout: 20_000 });
      await expect(screen.getByTestId('display-current-counter')).toHaveText('3号窗口');
      await expect(screen.getByTestId('display-announcing')).toHaveAttribute('data-state', 'idle');

      // B001 is called to counter 2: on screen at once, chimed, and read twice in zh-CN.
      await staffAction(s, 'B001', 'call', '2');
      await expect(screen.getByTestId('display-current-number')).toHaveText('B001', { timeout: 10_000 });
      await expect(screen.getByTestId('display-current-counter')).toHaveText('2号窗口');
      await expect(screen.getByTestId('display-history')).toContainText('C001');
      const b001 = SAY['zh-Hans']('B 零零一', '2号窗口');
      expect(b001).toBe('请 B 零零一 号到 2号窗口');
      await expect.poll(() => spoken(screen), { timeout: 20_000 }).toEqual([`zh-CN ${b001}`, `zh-CN ${b001}`]);
      await waitUntilQuiet(screen);
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
      await expect.poll(() => spoken(screen), { timeout: 20_000 }).toEqual(Array(4).fill(`zh-CN ${b001}`));
      await expect(screen.getByTestId('display-current-number')).toHaveText('B001');
      await expect(screen.locator('.display-call')).toHaveAttribute('data-call-count', '2');
      await waitUntilQuiet(screen);

      // Two calls in quick succession: the second waits for the first; nothing overlaps.
      await staffAction(s, 'B002', 'call', '1');
      await staffAction(s, 'C002', 'call', '3');
      await expect(screen.getByTestId('display-announcing')).toHaveAttribute('data-state', 'announcing');
      await screenshot(screen, `${testInfo.project.name}/display/zh-Hans-announcing`);
      const b002 = SAY['zh-Hans']('B 零零二', '1号窗口');
      const c002 = SAY['zh-Hans']('C 零零二', '3号窗口');
      await expect
        .poll(() => spoken(screen), { timeout: 30_000 })
        .toEqual([...Array(4).fill(`zh-CN ${b001}`), ...[b002, b002, c002, c002].map((x) => `zh-CN ${x}`)]);
      await waitUntilQuiet(screen);
      const events = await timeline(screen);
      expect(events.map((e) => (e.what === 'tone' ? 'tone' : e.what))).toEqual([
        'tone',
        'tone',
        b001,
        b001,
        'tone',
        'tone',
        b001,
        b001,
        'tone',
        'tone',
        b002,
        b002,
        'tone',
        'tone',
        c002,
        c002,
      ]);
      for (let i = 1; i < events.length; i++) {
        const before = events[i - 1]!;
        if (before.what !== 'tone')
          expect(
            events[i]!.at,
            `"${events[i]!.what}" starts only after "${before.what}" has ended`,
          ).toBeGreaterThanOrEqual(before.end);
      }
      expect(
        (await spoken(screen)).join('\n'),
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
      await screenshot(screen, `${testInfo.project.name}/display/zh-Hans`);
      await expectElderFriendly(screen, 'calling display (zh-Hans)');
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
        await expect(again.getByTestId('display-current-number')).toHaveText('C002', { timeout: 30_000 });
        await expect(again.getByTestId('display-current-counter')).toHaveText(expected[lang].place);
        const speechLang = lang === 'en' ? 'en-US' : 'zh-TW';
        await expect
          .poll(() => spoken(again), { timeout: 30_000 })
          .toEqual(expected[lang].say.flatMap((x) => [`${speechLang} ${x}`, `${speechLang} ${x}`]));
        await waitUntilQuiet(again);
        await expect(again.getByTestId('display-history').locator('li')).toHaveCount(3);
        await screenshot(again, `${testInfo.project.name}/display/${lang}`);
        await expectElderFriendly(again, `calling display (${lang})`);
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
  await screen.addInitScript(installRecorder);
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
  expect(await spoken(screen)).toEqual([]);

  await screenshot(screen, `${testInfo.project.name}/display/empty-zh-Hans`);
  await expectElderFriendly(screen, 'calling display, no calls yet');
  await screen.close();
});
