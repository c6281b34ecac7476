import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTicketHtml, ticketHtml } from '#services/printer/ticket-html.ts';
import { CHROMIUM_LAUNCH } from '#tests/fixtures/virtual-printer/render-png.ts';
import { dictionaryT, reimbursement, station, ticketFor } from './print-fixtures.ts';

const MM_TO_PX = 96 / 25.4;
const MM_TO_PT = 72 / 25.4;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});
afterAll(async () => {
  await browser?.close();
});

const html = ticketHtml({
  ticket: ticketFor(reimbursement),
  service: reimbursement,
  station,
  lang: 'zh-Hans',
  t: dictionaryT(),
  peopleAhead: 3,
});

describe('ticket HTML for the operating-system printer', () => {
  it('holds the ticket number, the Chinese labels, a QR code and an 80 mm page with no margins', () => {
    expect(html).toContain('B023');
    expect(html).toContain('您的号码');
    expect(html).toContain('医药费报销');
    expect(html).toMatch(/@page \{ size: 80mm \d+mm; margin: 0; \}/);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
  });

  it('escapes catalog text, so a name cannot inject markup', () => {
    const hostile = { ...station, name: { ...station.name, 'zh-Hans': '<img src=x onerror=alert(1)>站' } };
    const page = ticketHtml({
      ticket: ticketFor(reimbursement),
      service: reimbursement,
      station: hostile,
      lang: 'zh-Hans',
      t: dictionaryT(),
    });
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img');
  });

  it('fits 80 mm in Chromium: nothing wider than the paper, the number large, the PDF page 80 mm wide', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(html);
      const measured = await page.evaluate(() => {
        const paper = document.querySelector('.paper')!;
        const widest = Math.max(...[...paper.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right));
        const number = [...document.querySelectorAll('.line')].find((el) => el.textContent === 'B023')!;
        return {
          paperWidth: paper.getBoundingClientRect().width,
          scrollWidth: paper.scrollWidth,
          widest,
          numberHeight: number.getBoundingClientRect().height,
        };
      });
      expect(measured.paperWidth).toBeCloseTo(80 * MM_TO_PX, 0);
      expect(measured.scrollWidth).toBeLessThanOrEqual(Math.ceil(80 * MM_TO_PX));
      expect(measured.widest).toBeLessThanOrEqual(80 * MM_TO_PX);
      // 8 × 3 mm characters: the number stands about 24 mm tall.
      expect(measured.numberHeight).toBeGreaterThan(24 * MM_TO_PX);

      const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
      expect(Number(box?.[1])).toBeCloseTo(80 * MM_TO_PT, 0);
      expect((pdf.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('renders the test ticket too', () => {
    const test = testTicketHtml({
      lang: 'en',
      t: dictionaryT(),
      printer: 'system printer "EPSON"',
      at: Date.UTC(2026, 10, 28, 2, 30),
    });
    expect(test).toContain('Printer test');
    expect(test).toContain('A123');
    expect(test).toContain('&#34;EPSON&#34;');
  });
});
