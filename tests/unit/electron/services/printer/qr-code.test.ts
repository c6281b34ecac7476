import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrinterService } from '#services/printer/printer-service.ts';
import { encodeQr, qrSvg, type QrMatrix } from '#services/printer/qr-code.ts';
import { ticketHtml } from '#services/printer/ticket-html.ts';
import { startVirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { dictionaryT, quietLogger, reimbursement, station, ticketFor } from './print-fixtures.ts';

const rows = (modules: boolean[][]) => modules.map((row) => row.map((dark) => (dark ? '#' : '.')).join(''));
const sha256 = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');

// Reference symbols made by the Python `qrcode` 8.2 package (byte mode, same level and mask).
const HELLO_WORLD_M_MASK0 = [
  '#######..##.#.#######',
  '#.....#.##..#.#.....#',
  '#.###.#.....#.#.###.#',
  '#.###.#...##..#.###.#',
  '#.###.#.##..#.#.###.#',
  '#.....#..#..#.#.....#',
  '#######.#.#.#.#######',
  '..........###........',
  '#.#.#.#..#.#....#..#.',
  '#.#..#...##...##...#.',
  '#...#.#####.##.######',
  '#.##...####.....#..#.',
  '#.##..###...#####.#..',
  '........####.#....##.',
  '#######...##...##.###',
  '#.....#..####..#....#',
  '#.###.#.####..#.#.#..',
  '#.###.#....#..###.##.',
  '#.###.#.#.#.#.#.#.#.#',
  '#.....#...##....#..#.',
  '#######.##.##.##..###',
];

/** Paints modules (with a 4-module quiet zone) into RGBA pixels, `scale` pixels per module, and reads them back as a camera would. */
function decode(modules: boolean[][], scale = 4): string | undefined {
  const span = modules.length + 8;
  const px = span * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + 4) * scale + dy) * px + (x + 4) * scale + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
    }),
  );
  return jsQR(rgba, px, px)?.data;
}

/** The modules an HTML ticket's SVG draws (one `Mx,yh1v1h-1z` square per dark module). */
function svgModules(html: string): boolean[][] {
  const span = Number(/viewBox="0 0 (\d+) \d+"/.exec(html)?.[1]);
  const size = span - 8;
  const modules = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y] of html.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) modules[Number(y) - 4]![Number(x) - 4] = true;
  return modules;
}

const printer = await startVirtualPrinter();
afterAll(() => printer.close());

describe('QR codes', () => {
  it('draws the same symbol as a reference implementation (version 1)', () => {
    const qr = encodeQr('HELLO WORLD', 'M', 0);
    expect(qr.version).toBe(1);
    expect(rows(qr.modules)).toEqual(HELLO_WORLD_M_MASK0);
  });

  it('matches the reference for a ticket id (version 3, several blocks) and long data (version 13, version bits)', () => {
    const ticket = encodeQr('3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b', 'M', 3);
    expect(ticket.version).toBe(3);
    expect(sha256(rows(ticket.modules))).toBe('d08c52b91edaaed5f4175edb523b22d7deccca0f89f22dd337fe0c3dcb769be3');
    const long = encodeQr('y'.repeat(300), 'M', 5);
    expect(long.version).toBe(13);
    expect(sha256(rows(long.modules))).toBe('2c2a7dbe7eeda9419e4cc21264f17e61aeb80908a8525cfe41c743410a86084f');
  });

  it('picks a mask by itself, decodes back to its text, and draws an SVG with a quiet zone', () => {
    const qr: QrMatrix = encodeQr('3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b');
    expect(qr.mask).toBeGreaterThanOrEqual(0);
    expect(qr.mask).toBeLessThan(8);
    expect(decode(qr.modules)).toBe('3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b');
    const svg = qrSvg(qr, 0.75);
    expect(svg).toContain(`viewBox="0 0 ${qr.size + 8} ${qr.size + 8}"`);
    expect(svg).toContain(`width="${(qr.size + 8) * 0.75}mm"`);
  });

  it('the thermal ticket and the HTML ticket carry the same text in their QR codes: the ticket id', async () => {
    const ticket = ticketFor(reimbursement);
    const input = {
      ticket,
      service: reimbursement,
      station,
      lang: 'zh-Hans' as const,
      t: dictionaryT(),
      peopleAhead: 2,
    };
    const service = createPrinterService({
      config: () => ({ kind: 'network', host: printer.host, port: printer.port }),
      logger: quietLogger().logger,
    });
    expect((await service.printTicket(input)).ok).toBe(true);
    const printed = (await printer.nextJob()).decoded.qrCodes.map((qr) => qr.data);
    const onScreen = decode(svgModules(ticketHtml(input)));
    expect(printed).toEqual([ticket.id]);
    expect(onScreen).toBe(ticket.id);
  });
});
