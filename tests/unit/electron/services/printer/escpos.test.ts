import { describe, expect, it } from 'vitest';
import {
  align,
  bold,
  characterSize,
  cut,
  escpos,
  feedLines,
  initialize,
  paperStatusQuery,
  parsePaperStatus,
  qrCode,
  text,
} from '#services/printer/escpos.ts';
import { decodeEscPos } from '#tests/fixtures/virtual-printer/escpos-decoder.ts';

const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

describe('ESC/POS encoder', () => {
  it('encodes the basic commands as the ESC/POS spec spells them', () => {
    expect(hex(initialize())).toBe('1b 40');
    expect(hex(align('left'))).toBe('1b 61 00');
    expect(hex(align('center'))).toBe('1b 61 01');
    expect(hex(align('right'))).toBe('1b 61 02');
    expect(hex(bold(true))).toBe('1b 45 01');
    expect(hex(bold(false))).toBe('1b 45 00');
    expect(hex(feedLines(3))).toBe('1b 64 03');
    expect(hex(cut())).toBe('1d 56 42 00');
    expect(hex(cut('full', 10))).toBe('1d 56 41 0a');
    expect(hex(paperStatusQuery())).toBe('10 04 04');
  });

  it('puts width − 1 in the high nibble and height − 1 in the low nibble of GS !', () => {
    expect(hex(characterSize(1, 1))).toBe('1d 21 00');
    expect(hex(characterSize(2, 2))).toBe('1d 21 11');
    expect(hex(characterSize(8, 8))).toBe('1d 21 77');
    expect(hex(characterSize(3, 1))).toBe('1d 21 20');
    expect(() => characterSize(9, 1)).toThrow(RangeError);
    expect(() => characterSize(0, 1)).toThrow(RangeError);
  });

  it('sends ASCII as is and wraps Chinese in FS & … FS . as GB18030', () => {
    expect(hex(text('A023'))).toBe('41 30 32 33');
    expect(hex(text('您的号码'))).toBe('1c 26 c4 fa b5 c4 ba c5 c2 eb 1c 2e');
    // Traditional characters are GBK two-byte codes too (號 = CC 96).
    expect(hex(text('您的號碼'))).toBe('1c 26 c4 fa b5 c4 cc 96 b4 61 1c 2e');
    expect(hex(text('A023 号'))).toBe('41 30 32 33 20 1c 26 ba c5 1c 2e');
  });

  it('never lets a control character from the catalog reach the printer as a command', () => {
    const bytes = text('bad\u001b@name\u001dV\u0000');
    expect([...bytes].filter((b) => b < 0x20)).toEqual([]);
    expect(hex(bytes)).toBe('62 61 64 20 40 6e 61 6d 65 20 56 20');
  });

  it('encodes a QR code as model, size, level, store and print (GS ( k)', () => {
    expect(hex(qrCode('abc', { moduleSize: 6, errorLevel: 'M' }))).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00', // model 2
        '1d 28 6b 03 00 31 43 06', // module size 6 dots
        '1d 28 6b 03 00 31 45 31', // error correction M
        '1d 28 6b 06 00 31 50 30 61 62 63', // store 3 bytes: pL = 3 + 3
        '1d 28 6b 03 00 31 51 30', // print
      ].join(' '),
    );
    expect(() => qrCode('', {})).toThrow(RangeError);
    expect(() => qrCode('x', { moduleSize: 17 })).toThrow(RangeError);
  });

  it('stores long QR data with a two-byte length', () => {
    const bytes = qrCode('x'.repeat(300));
    const store = bytes.findIndex((_b, i) => bytes[i] === 0x1d && bytes[i + 5] === 0x31 && bytes[i + 6] === 0x50);
    expect([bytes[store + 3], bytes[store + 4]]).toEqual([303 & 0xff, 303 >> 8]);
  });

  it('reads the paper roll sensor byte of DLE EOT 4', () => {
    expect(parsePaperStatus(0x12)).toBe('ok');
    expect(parsePaperStatus(0x1e)).toBe('near_end');
    expect(parsePaperStatus(0x72)).toBe('out');
    expect(parsePaperStatus(0x7e)).toBe('out');
    // Clones that set only one of the two paper-end bits.
    expect(parsePaperStatus(0x32)).toBe('out');
    // Not a status byte (fixed bits wrong): no conclusion.
    expect(parsePaperStatus(0x00)).toBe('unknown');
    expect(parsePaperStatus(0xff)).toBe('unknown');
  });

  it('builds a receipt a printer decodes back to the same lines', () => {
    const bytes = escpos()
      .initialize()
      .align('center')
      .bold(true)
      .size(8)
      .line('A023')
      .size(1)
      .bold(false)
      .line('您的号码 B023')
      .qr('ticket-1')
      .cut()
      .bytes();
    const decoded = decodeEscPos(bytes);
    expect(decoded.lines.map((l) => [l.text, l.width, l.height, l.bold, l.align])).toEqual([
      ['A023', 8, 8, true, 'center'],
      ['您的号码 B023', 1, 1, false, 'center'],
    ]);
    expect(decoded.qrCodes.map((q) => [q.data, q.moduleSize, q.errorLevel])).toEqual([['ticket-1', 6, 'M']]);
    expect(decoded.cuts).toEqual([{ kind: 'cut', partial: true, feedDots: 0 }]);
    expect(decoded.unknown).toEqual([]);
  });

  it('shows why FS & matters: Chinese bytes outside Chinese mode print as gibberish', () => {
    const withoutMode = escpos()
      .raw(new Uint8Array([0xc4, 0xfa, 0xba, 0xc3]))
      .line()
      .bytes();
    expect(decodeEscPos(withoutMode).lines[0]!.text).not.toContain('您好');
    expect(decodeEscPos(text('您好')).unprinted).toBe('您好');
  });
});
