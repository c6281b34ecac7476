/**
 * Staff print a ticket for a resident through the real printer service: ESC/POS
 * bytes over TCP to a virtual printer that decodes them. In every language the
 * paper shows the number largest, in correct Chinese (not "??"), with a cut; a
 * printer fault is shown to staff and the ticket is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { createConfigStore } from '#services/config-store.ts';
import type { Lang } from '#protocol/languages.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { renderDecodedTicketPng } from '#tests/fixtures/virtual-printer/render-png.ts';
import { startVirtualPrinter, type VirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { openDevice, stationTest, type Device } from './support/district.ts';
import { expectElderFriendly } from './support/elder-ux.ts';
import { openService, readLocalCollection, takeNumber, waitForHome } from './support/resident.ts';
import { SCREENSHOT_DIR } from './support/paths.ts';

const test = stationTest;

// Queue B is served by counters 1 and 2: the ticket names its waiting area, never one of them.
const EXPECT: Record<Lang, { label: string; service: string; location: string }> = {
  'zh-Hans': { label: '您的号码', service: '居住证办理', location: '一楼大厅等候区' },
  'zh-Hant': { label: '您的號碼', service: '居住證辦理', location: '一樓大廳等候區' },
  en: { label: 'Your number', service: 'Residence permit', location: 'Waiting area, ground-floor hall' },
};

/** A standalone counter device (demo catalog, no district) whose printer is the virtual one. */
async function counterWithPrinter(root: string, printer: VirtualPrinter): Promise<Device> {
  const dataDir = join(root, 'counter', 'device');
  const store = createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } });
  await store.update({ role: 'counter', printer: { kind: 'network', host: printer.host, port: printer.port } });
  return openDevice(root, 'counter');
}

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('staff-chen-jing').click();
  for (const d of '2468') await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await page.getByTestId('counter-2').click();
}

async function issue(page: Page, lang: Lang): Promise<string> {
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId('open-issue').click();
  await page.getByTestId('channel-phone').click();
  await page.getByTestId('issue-category-government').click();
  await page.getByTestId('issue-service-gov-residence-permit').click();
  await expect(page.getByTestId('issue-done')).toBeVisible();
  const number = (await page.getByTestId('issued-number').textContent()) ?? '';
  return number;
}

test('staff print a ticket for a resident in every language, and a printer fault keeps the ticket', async () => {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-print-'));
  const printer = await startVirtualPrinter();
  let device: Device | null = null;
  try {
    device = await counterWithPrinter(root, printer);
    const page = device.page;
    await signIn(page);

    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as Lang[]) {
      const number = await issue(page, lang);
      await expect(page.getByTestId('print-outcome')).toHaveAttribute('data-ok', 'true');
      const job = await printer.nextPrint(10_000);
      const text = job.decoded.lines.map((l) => l.text).join('\n');
      expect(text).not.toContain('??');
      // Long English lines wrap at a space: read the paper as running text.
      for (const words of Object.values(EXPECT[lang])) expect(text.replace(/\s+/g, ' ')).toContain(words);
      const biggest = job.decoded.lines.reduce((a, b) => (b.height > a.height ? b : a));
      expect(biggest.text.trim()).toBe(number);
      expect(job.decoded.qrCodes).toHaveLength(1);
      expect(job.decoded.cuts.length).toBeGreaterThan(0);
      await renderDecodedTicketPng(job.decoded, `${SCREENSHOT_DIR}/chromium/printed/ticket-${lang}.png`);
      await page.getByTestId('issue-close').click();
    }

    // The printer is switched off: staff see why, and the ticket is still there.
    await printer.setFault('refuse');
    const number = await issue(page, 'zh-Hans');
    await expect(page.getByTestId('print-outcome')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('print-outcome')).toContainText(`号码 ${number} 已保存`);
    const tickets = (await readLocalCollection(page, 'tickets')) as unknown as TicketDoc[];
    expect(tickets.map((t) => t.number)).toContain(number);
    expect(tickets.find((t) => t.number === number)).toMatchObject({ channel: 'phone', status: 'waiting' });
    await page.getByTestId('issue-close').click();

    // Paper out, where the printer reports it.
    await printer.setFault('paper_out');
    await issue(page, 'zh-Hans');
    await expect(page.getByTestId('print-outcome')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('print-outcome')).toContainText('打印失败');
  } finally {
    await device?.close();
    await printer.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test("the kiosk prints the resident's ticket, and says so calmly when the printer cannot", async () => {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-print-kiosk-'));
  const printer = await startVirtualPrinter();
  let device: Device | null = null;
  try {
    const dataDir = join(root, 'kiosk', 'device');
    const store = createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } });
    await store.update({ printer: { kind: 'network', host: printer.host, port: printer.port } });
    device = await openDevice(root, 'kiosk');
    const page = device.page;
    await waitForHome(page);
    await openService(page, 'legal', 'legal-labour-dispute');
    const number = await takeNumber(page);
    const job = await printer.nextPrint(10_000);
    const biggest = job.decoded.lines.reduce((a, b) => (b.height > a.height ? b : a));
    expect(biggest.text.trim()).toBe(number);
    expect(job.decoded.lines.map((l) => l.text).join('\n')).toContain('劳动纠纷咨询');
    await expect(page.getByTestId('print-failed')).toBeHidden();

    await page.getByTestId('ticket-done').click();
    await printer.setFault('refuse');
    await openService(page, 'legal', 'legal-aid');
    const second = await takeNumber(page);
    await expect(page.getByTestId('print-failed')).toBeVisible();
    await expect(page.getByTestId('ticket-number')).toHaveText(second);
    await expectElderFriendly(page, 'ticket with printer fault');
  } finally {
    await device?.close();
    await printer.close();
    rmSync(root, { recursive: true, force: true });
  }
});
