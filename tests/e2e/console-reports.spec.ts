/**
 * The Reports screen against a real district: a week of tickets pushed by a
 * counter of the demo station (legal lifecycles, as a counter makes them), then
 * the screen's figures and the downloaded CSV compared with figures computed in
 * this test from those tickets (tests/fixtures/report-tickets.ts, not the
 * server's SQL); axe at WCAG 2.2 AA and screenshots at 1366 × 768 and
 * 1920 × 1080 in 简体中文 and English.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { ENROL_PATH } from '#protocol/api.ts';
import { addDays, type ReportFigures } from '#protocol/report-api.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { PUSH_REPORT_MEDIA_TYPE, replicationPath, type PushReport } from '#protocol/wire-messages.ts';
import {
  apiCall,
  apiSignIn,
  consoleScreenshot,
  consoleTest,
  DEMO_STREET,
  openConsole,
  signedIn,
  consoleFile,
} from './support/console.ts';
import { expectedReport, seedTickets, type ExpectedReport, type SeedStation } from '#tests/fixtures/report-tickets.ts';

const test = consoleTest;

const file = consoleFile('console-reports', {
  prepare: async () => {
    const s = await apiSignIn(file.district.url, 'admin');
    const { code } = await apiCall<{ code: string }>(s, 'POST', '/stations/pudong-demo/enrolment-codes', {
      role: 'counter',
    });
    const enrolled = (await (
      await fetch(`${file.district.url}${ENROL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceName: '1号窗口' }),
      })
    ).json()) as { credential: string; deviceId: string; issuingSlot: number; issuingSlots: number };
    station = {
      id: 'pudong-demo',
      street: DEMO_STREET,
      utcOffsetMinutes: 480,
      staff: ['wang-fang', 'li-qiang', 'chen-jing'],
      services: [
        { id: 'gov-social-security-card', queue: 'B', category: 'government' },
        { id: 'gov-pension-check', queue: 'B', category: 'government' },
        { id: 'health-blood-pressure', queue: 'E', category: 'health' },
        { id: 'legal-lawyer-consultation', queue: 'D', category: 'legal' },
        { id: 'station-haircut-day', queue: 'C', category: 'life' },
      ],
      deviceId: enrolled.deviceId,
      slot: { slot: enrolled.issuingSlot, slots: enrolled.issuingSlots },
      counter: '1',
    };
    // A week that ends now: nothing later than the district's clock, all within the days a push is accepted for.
    tickets = seedTickets({ stations: [station], from: FROM, to: TODAY, perDay: 24, seed: 7, latest: Date.now() });
    for (let i = 0; i < tickets.length; i += 50) {
      const response = await fetch(`${file.district.url}${replicationPath('tickets', 'push')}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${enrolled.credential}`,
          'content-type': 'application/json',
          accept: PUSH_REPORT_MEDIA_TYPE,
        },
        body: JSON.stringify(tickets.slice(i, i + 50).map((t) => ({ newDocumentState: { ...t, _deleted: false } }))),
      });
      const pushed = (await response.json()) as PushReport<unknown>;
      expect(pushed, 'every seeded ticket is a legal write').toEqual({ conflicts: [], refused: [] });
    }
    expected = expectedReport(tickets, [station], { from: FROM, to: TODAY });
    expect(expected.current.issued).toBeGreaterThan(100);
  },
});
let station: SeedStation;
let expected: ExpectedReport;
let tickets: TicketDoc[];
const TODAY = stationDay(Date.now(), 480);
const FROM = addDays(TODAY, -6);

/** RFC 4180 rows: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += ch;
      }
      return [...cells, cell];
    });
}

const onScreen = {
  minutes: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
  rate: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`),
};

async function expectFiguresOnScreen(page: Page, f: ReportFigures): Promise<void> {
  const cell = (key: string) => page.getByTestId(`figure-${key}-current`);
  await expect(cell('issued')).toHaveText(String(f.issued));
  await expect(cell('served')).toHaveText(String(f.served));
  await expect(cell('noShowRate')).toHaveText(onScreen.rate(f.noShowRate));
  await expect(cell('cancelRate')).toHaveText(onScreen.rate(f.cancelRate));
  await expect(cell('calledWithin15Rate')).toHaveText(onScreen.rate(f.calledWithin15Rate));
  for (const key of ['waitP50Min', 'waitP90Min', 'serviceP50Min', 'serviceP90Min'] as const)
    await expect(cell(key)).toContainText(onScreen.minutes(f[key]));
}

async function showReport(page: Page, filters: { category?: string } = {}): Promise<void> {
  await page.goto(`${file.district.url}/console/#/reports`);
  await expect(page.getByTestId('screen-reports')).toBeVisible();
  await page.getByTestId('report-from').fill(FROM);
  await page.getByTestId('report-to').fill(TODAY);
  await page.getByTestId('report-category').selectOption(filters.category ?? '');
  await page.getByTestId('report-run').click();
  await expect(page.getByTestId('report-period')).toContainText(`${FROM}`);
  await expect(page.getByTestId('report-heatmap').locator('svg')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

test('the report on screen and in the CSV equals the figures computed from the seeded tickets', async () => {
  test.setTimeout(120_000);
  const { page, close } = await openConsole(file.browser, file.district.url, { lang: 'en' });
  try {
    await signedIn(page, 'admin');
    await page.getByTestId('nav-reports').click();
    await showReport(page);
    await expectFiguresOnScreen(page, expected.current);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const figure = (label: string) => rows.find((r) => r[0] === label)?.[1];
    const c = expected.current;
    expect(figure('Tickets issued')).toBe(String(c.issued));
    expect(figure('Tickets served')).toBe(String(c.served));
    expect(Number(figure('No-show rate'))).toBeCloseTo((c.noShowRate ?? NaN) * 100, 2);
    expect(Number(figure('Cancel rate'))).toBeCloseTo((c.cancelRate ?? NaN) * 100, 2);
    expect(Number(figure('Wait, median (p50)'))).toBeCloseTo(c.waitP50Min ?? NaN, 2);
    expect(Number(figure('Wait, p90'))).toBeCloseTo(c.waitP90Min ?? NaN, 2);
    expect(Number(figure('Service time, median (p50)'))).toBeCloseTo(c.serviceP50Min ?? NaN, 2);
    expect(Number(figure('Service time, p90'))).toBeCloseTo(c.serviceP90Min ?? NaN, 2);
    expect(Number(figure('Called within 15 minutes'))).toBeCloseTo((c.calledWithin15Rate ?? NaN) * 100, 2);
    // Every day, and the weekday × hour counts, as the seeded tickets have them.
    for (const day of expected.daily) {
      const row = rows.find((r) => r[0] === day.day);
      expect(row?.slice(1, 3), day.day).toEqual([String(day.issued), String(day.served)]);
    }
    const start = rows.findIndex((r) => r[0] === 'Weekday \\ hour');
    expect(rows.slice(start + 1, start + 8).map((r) => r.slice(1).map(Number))).toEqual(expected.heatmap);

    // One category: the figures follow the filter.
    await showReport(page, { category: 'health' });
    await expectFiguresOnScreen(
      page,
      expectedReport(tickets, [station], { from: FROM, to: TODAY, category: 'health' }).current,
    );
  } finally {
    await close();
  }
});

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  for (const lang of ['zh-Hans', 'en'] as const) {
    test(`the reports screen at ${viewport.width}×${viewport.height} in ${lang}: accessible, and photographed`, async () => {
      test.setTimeout(120_000);
      const { page, close } = await openConsole(file.browser, file.district.url, { viewport, lang });
      try {
        await signedIn(page, 'admin');
        await showReport(page);
        const results = await new AxeBuilder({ page })
          .options({ resultTypes: ['violations'] })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
          .analyze();
        expect(
          results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`),
        ).toEqual([]);
        await consoleScreenshot(page, 'reports', lang);
        // At 1366 × 768 the heatmap is below the fold: photograph it too.
        await page.getByTestId('report-heatmap').scrollIntoViewIfNeeded();
        await consoleScreenshot(page, 'reports-charts', lang);
      } finally {
        await close();
      }
    });
  }
}
