import { readFile, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import type { PrinterSetting } from '#ipc/printer-config.ts';
import { createPrinterService, type PrinterServiceDeps } from '#services/printer/printer-service.ts';
import { decodeEscPos, type DecodedTicket } from '#tests/fixtures/virtual-printer/escpos-decoder.ts';
import {
  startVirtualPrinter,
  type VirtualPrinter,
  type VirtualPrinterOptions,
} from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';
import { dictionaryT, quietLogger, reimbursement, station, ticketFor } from './print-fixtures.ts';

const tempDir = useTempDirs();
const printers: VirtualPrinter[] = [];
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

async function virtualPrinter(options: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter(options);
  printers.push(printer);
  return printer;
}

/** Short timeouts keep fault tests fast; the defaults are for real printers. */
const TIMEOUTS = { connectMs: 500, statusMs: 200, writeMs: 2000, closeMs: 200 };

function serviceFor(config: PrinterSetting, extra: Partial<PrinterServiceDeps> = {}) {
  const log = quietLogger();
  const printer = createPrinterService({
    config: () => config,
    logger: log.logger,
    timeouts: TIMEOUTS,
    now: () => new Date(Date.UTC(2026, 10, 28, 2, 30)),
    ...extra,
  });
  return { printer, log };
}

const network = (p: VirtualPrinter): PrinterSetting => ({ kind: 'network', host: p.host, port: p.port });
const ticket = ticketFor(reimbursement);
const input = (lang: Lang) => ({ ticket, service: reimbursement, station, lang, t: dictionaryT(), peopleAhead: 3 });
const squash = (text: string) => text.replace(/\s+/g, '');
const paperText = (decoded: DecodedTicket) => squash(decoded.lines.map((l) => l.text).join('\n'));

// Queue B is served by two counters, so the ticket names its waiting area, not a counter.
const LABELS: Record<Lang, { yourNumber: string; ahead: string; goTo: string }> = {
  'zh-Hans': { yourNumber: '您的号码', ahead: '您前面还有3人', goTo: '请到这里等候' },
  'zh-Hant': { yourNumber: '您的號碼', ahead: '您前面還有3人', goTo: '請到這裡等候' },
  en: { yourNumber: 'Your number', ahead: '3peopleareaheadofyou', goTo: 'Please wait at' },
};

describe('printer service over TCP to the virtual printer', () => {
  for (const lang of LANGUAGES) {
    it(`prints a ${lang} ticket that decodes to the right words, a huge number, the QR code and a cut`, async () => {
      const vp = await virtualPrinter();
      const { printer } = serviceFor(network(vp));

      const result = await printer.printTicket(input(lang));
      const job = await vp.nextJob();

      // The job is the ticket plus the 3-byte status request (DLE EOT 4) sent before it.
      expect(result).toEqual({ ok: true, bytes: job.bytes.length - 3, paper: 'ok' });
      const decoded = job.decoded;
      // The paper sensor was asked before anything was printed.
      expect(decoded.statusRequests).toEqual([4]);
      expect(job.answers).toEqual([0x12]);
      expect(decoded.unknown).toEqual([]);
      expect(decoded.ignored).toEqual([]);
      expect(decoded.unprinted).toBe('');
      expect(decoded.lines.filter((l) => l.overflow)).toEqual([]);

      const number = decoded.lines.find((l) => l.text === 'B023');
      expect(number).toMatchObject({ width: 8, height: 8, bold: true, align: 'center' });
      expect(Math.max(...decoded.lines.map((l) => l.height))).toBe(8);
      expect(decoded.lines.filter((l) => l.height === 8)).toHaveLength(1);

      const text = paperText(decoded);
      expect(text).not.toMatch(/[?\uFFFD]/);
      const labels = LABELS[lang];
      expect(decoded.lines.some((l) => l.text === labels.yourNumber)).toBe(true);
      for (const expected of [
        labels.ahead,
        labels.goTo,
        reimbursement.name[lang],
        station.name[lang],
        station.queues.find((q) => q.letter === 'B')!.location[lang],
        ...reimbursement.bring[lang],
      ]) {
        expect(text).toContain(squash(expected));
      }
      expect(text).toContain('2026-11-2809:05');
      expect(decoded.qrCodes.map((q) => q.data)).toEqual([ticket.id]);
      expect(decoded.items.at(-1)).toEqual({ kind: 'cut', partial: true, feedDots: 0 });
    });
  }

  it('reports an unreachable printer quickly, with its address', async () => {
    const vp = await virtualPrinter({ fault: 'refuse' });
    const { printer, log } = serviceFor(network(vp));
    const started = Date.now();

    const result = await printer.printTicket(input('zh-Hans'));

    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, error: { code: 'printer_unreachable' } });
    expect(!result.ok && result.error.message).toContain(`127.0.0.1:${vp.port}`);
    expect(log.text()).toContain('printer_unreachable');
  });

  it('gives up on a printer that never answers the connection after the connect timeout', async () => {
    const { printer } = serviceFor({ kind: 'network', host: '127.0.0.1', port: 9100 }, { connect: () => new Socket() });
    const started = Date.now();

    const result = await printer.printTicket(input('zh-Hans'));

    expect(result).toMatchObject({ ok: false, error: { code: 'printer_unreachable' } });
    expect(!result.ok && result.error.message).toContain('127.0.0.1:9100 within 500 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not print when the paper is out, loses nothing, and prints the same ticket once paper is back', async () => {
    const vp = await virtualPrinter({ fault: 'paper_out' });
    const { printer } = serviceFor(network(vp));
    const kept = structuredClone(ticket);

    const result = await printer.printTicket(input('zh-Hans'));

    expect(result).toMatchObject({ ok: false, error: { code: 'paper_out' } });
    const job = await vp.nextJob();
    expect([...job.bytes]).toEqual([0x10, 0x04, 0x04]);
    expect(job.decoded.lines).toEqual([]);
    expect(ticket).toEqual(kept);

    await vp.setFault('none');
    const again = await printer.printTicket(input('zh-Hans'));
    expect(again.ok).toBe(true);
    expect((await vp.nextJob()).decoded.lines.some((l) => l.text === 'B023')).toBe(true);
  });

  it('prints when the printer never answers the status request, treating the paper as unknown', async () => {
    const vp = await virtualPrinter({ fault: 'silent' });
    const { printer } = serviceFor(network(vp));
    const started = Date.now();

    const result = await printer.printTicket(input('en'));

    expect(result).toMatchObject({ ok: true, paper: 'unknown' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUTS.statusMs - 20);
    const job = await vp.nextJob();
    expect(job.answers).toEqual([]);
    expect(job.decoded.qrCodes[0]?.data).toBe(ticket.id);
  });

  it('prints on a slow printer whose status answer comes too late', async () => {
    const vp = await virtualPrinter({ fault: 'slow', slowMs: 400 });
    const { printer } = serviceFor(network(vp));

    const result = await printer.printTicket(input('zh-Hant'));

    expect(result).toMatchObject({ ok: true, paper: 'unknown' });
    const job = await vp.nextJob();
    expect(job.decoded.lines.find((l) => l.height === 8)?.text).toBe('B023');
  });

  it('prints when the roll is nearly empty and warns in the log', async () => {
    const vp = await virtualPrinter({ fault: 'paper_near_end' });
    const { printer, log } = serviceFor(network(vp));

    expect(await printer.printTicket(input('zh-Hans'))).toMatchObject({ ok: true, paper: 'near_end' });
    expect((await vp.nextJob()).printed).toBe(true);
    expect(log.text()).toContain('WARN printer: printed; the paper roll is nearly empty');
  });

  it('prints two tickets asked for at once one after the other, never interleaved', async () => {
    const vp = await virtualPrinter();
    const { printer } = serviceFor(network(vp));
    const second = ticketFor(reimbursement, { id: 'second-ticket', seq: 24, number: 'B024' });

    const results = await Promise.all([
      printer.printTicket(input('zh-Hans')),
      printer.printTicket({ ...input('en'), ticket: second }),
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const jobs = [await vp.nextJob(), await vp.nextJob()];
    expect(jobs.map((j) => j.decoded.qrCodes.map((q) => q.data))).toEqual([[ticket.id], ['second-ticket']]);
    expect(jobs.map((j) => j.decoded.cuts.length)).toEqual([1, 1]);
  });

  it('prints a technician test ticket', async () => {
    const vp = await virtualPrinter();
    const { printer } = serviceFor(network(vp));

    expect(await printer.printTest({ lang: 'zh-Hans', t: dictionaryT() })).toMatchObject({ ok: true });
    const { decoded } = await vp.nextJob();
    const lines = decoded.lines.map((l) => l.text);
    expect(lines).toContain('打印机测试');
    expect(lines).toContain(`打印机：127.0.0.1:${vp.port}`);
    expect(lines).toContain('测试时间 2026-11-28 10:30');
    expect(decoded.lines.find((l) => l.text === 'A123')).toMatchObject({ width: 8, height: 8 });
    expect(decoded.lines.some((l) => l.columns === 48 && !l.overflow)).toBe(true);
    expect(decoded.qrCodes).toHaveLength(1);
    expect(decoded.cuts).toHaveLength(1);
  });

  it('tells the printer status: reachable with paper, paper out, unreachable', async () => {
    const vp = await virtualPrinter();
    const { printer } = serviceFor(network(vp));
    expect(await printer.status()).toEqual({
      ok: true,
      value: { kind: 'network', printer: `127.0.0.1:${vp.port}`, reachable: true, paper: 'ok' },
    });

    await vp.setFault('paper_out');
    expect(await printer.status()).toMatchObject({ ok: true, value: { paper: 'out' } });

    await vp.setFault('refuse');
    expect(await printer.status()).toMatchObject({ ok: false, error: { code: 'printer_unreachable' } });
  });
});

describe('printer service on a device file', () => {
  it('writes the ticket to the device, and the bytes decode to the ticket', async () => {
    const path = join(await tempDir(), 'lp0');
    await writeFile(path, '');
    const { printer } = serviceFor({ kind: 'device', path });

    const result = await printer.printTicket(input('zh-Hans'));

    expect(result).toMatchObject({ ok: true, paper: 'unknown' });
    const decoded = decodeEscPos(await readFile(path));
    expect(decoded.lines.find((l) => l.height === 8)?.text).toBe('B023');
    expect(paperText(decoded)).toContain('您的号码');
    expect(decoded.qrCodes[0]?.data).toBe(ticket.id);
    expect(decoded.cuts).toHaveLength(1);
    expect(await printer.status()).toEqual({
      ok: true,
      value: { kind: 'device', printer: path, reachable: true, paper: 'unknown' },
    });
  });

  it('reports a missing device and never creates the file', async () => {
    const path = join(await tempDir(), 'usb', 'lp0');
    const { printer } = serviceFor({ kind: 'device', path });

    expect(await printer.printTicket(input('zh-Hans'))).toMatchObject({
      ok: false,
      error: { code: 'printer_device_missing' },
    });
    expect(await printer.status()).toMatchObject({ ok: false, error: { code: 'printer_device_missing' } });
    await expect(readFile(path)).rejects.toThrow();
  });
});

describe('printer service without a thermal printer', () => {
  it('says when no printer is set up', async () => {
    const { printer } = serviceFor({ kind: 'none' });
    expect(await printer.printTicket(input('zh-Hans'))).toMatchObject({
      ok: false,
      error: { code: 'printer_not_configured' },
    });
    expect(await printer.status()).toMatchObject({ ok: false, error: { code: 'printer_not_configured' } });
  });

  it('hands an 80 mm HTML ticket to the main process for the operating-system printer', async () => {
    const { printer } = serviceFor({ kind: 'system', name: 'EPSON TM-T82' });

    const result = await printer.printTicket(input('zh-Hans'));

    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== 'needs_system_print') throw new Error('expected a system print job');
    expect(result.error.printerName).toBe('EPSON TM-T82');
    expect(result.error.html).toContain('B023');
    expect(result.error.html).toContain('您的号码');
    expect(result.error.pageSizeMm.width).toBe(80);
    expect(result.error.pageSizeMm.height).toBeGreaterThan(100);
  });

  it('never throws: a broken config or a failing translation comes back as an error', async () => {
    const broken = createPrinterService({
      config: () => {
        throw new Error('config file unreadable');
      },
      logger: quietLogger().logger,
    });
    expect(await broken.printTicket(input('zh-Hans'))).toMatchObject({
      ok: false,
      error: { code: 'printer_config_invalid' },
    });

    const wrongPort = serviceFor({ kind: 'network', host: '127.0.0.1', port: 70000 }).printer;
    expect(await wrongPort.printTicket(input('zh-Hans'))).toMatchObject({
      ok: false,
      error: { code: 'printer_config_invalid', message: expect.stringContaining('printer.port') },
    });

    const vp = await virtualPrinter();
    const { printer } = serviceFor(network(vp));
    const failingT = () => {
      throw new Error('i18n not ready');
    };
    expect(await printer.printTicket({ ...input('zh-Hans'), t: failingT })).toMatchObject({
      ok: false,
      error: { code: 'print_layout_failed' },
    });
    expect(vp.connections).toBe(0);
  });
});
