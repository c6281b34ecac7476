import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeQr, qrSvg } from '#services/printer/qr-code.ts';

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

describe('QR code generator', () => {
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

  it('picks a mask by itself and draws an SVG with a quiet zone', () => {
    const qr = encodeQr('3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b');
    expect(qr.mask).toBeGreaterThanOrEqual(0);
    expect(qr.mask).toBeLessThan(8);
    const svg = qrSvg(qr, 0.75);
    expect(svg).toContain(`viewBox="0 0 ${qr.size + 8} ${qr.size + 8}"`);
    expect(svg).toContain(`width="${(qr.size + 8) * 0.75}mm"`);
  });
});
