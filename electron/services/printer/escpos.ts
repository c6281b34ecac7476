/**
 * A small ESC/POS encoder for 80 mm thermal receipt printers (Epson TM-T88 and the
 * many Chinese-market printers that copy its command set). Pure: it only builds
 * bytes; transport.ts sends them.
 *
 * Chinese text: the printers sold here print GB2312/GBK/GB18030 double-byte
 * characters only while "Chinese character mode" is on (FS &), and print ASCII
 * best with it off (FS .). So `text()` splits a string into ASCII and non-ASCII runs
 * and wraps each non-ASCII run in FS & … FS . — it never relies on the mode a
 * printer happens to power up in, and ESC @ (which some firmwares treat as "Chinese
 * off") cannot break a later run.
 */
import iconv from 'iconv-lite';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** Columns of font A (12 × 24 dots) on 80 mm paper: 576 printable dots / 12. */
export const PAPER_COLUMNS = 48;
/** The largest character magnification GS ! accepts. */
export const MAX_SCALE = 8;

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
const QR_LEVEL_CODE: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

/** ESC @: clears the print buffer and resets modes (size, bold, alignment) to power-on. */
export function initialize(): Uint8Array {
  return Uint8Array.of(ESC, 0x40);
}

/** ESC a n: alignment of the lines that follow (takes effect at the start of a line). */
export function align(value: Align): Uint8Array {
  return Uint8Array.of(ESC, 0x61, ALIGN_CODE[value]);
}

/** ESC E n: emphasized (bold) on or off. */
export function bold(on: boolean): Uint8Array {
  return Uint8Array.of(ESC, 0x45, on ? 1 : 0);
}

/**
 * GS ! n: character width and height magnification, each 1–8. The high nibble is
 * width − 1 and the low nibble height − 1, so 8 × 8 is 0x77.
 */
export function characterSize(width: number, height: number): Uint8Array {
  assertScale('width', width);
  assertScale('height', height);
  return Uint8Array.of(GS, 0x21, ((width - 1) << 4) | (height - 1));
}

function assertScale(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SCALE) {
    throw new RangeError(`character ${name} must be an integer from 1 to ${MAX_SCALE}, got ${value}`);
  }
}

/** FS &: Chinese (double-byte) character mode on. */
export function chineseOn(): Uint8Array {
  return Uint8Array.of(FS, 0x26);
}

/** FS .: Chinese character mode off. */
export function chineseOff(): Uint8Array {
  return Uint8Array.of(FS, 0x2e);
}

/** LF: prints the buffered line and moves to the next. */
export function lineFeed(): Uint8Array {
  return Uint8Array.of(LF);
}

/** ESC d n: prints the buffer and feeds n lines (0–255). */
export function feedLines(lines: number): Uint8Array {
  if (!Number.isInteger(lines) || lines < 0 || lines > 255)
    throw new RangeError(`feed must be 0–255 lines, got ${lines}`);
  return Uint8Array.of(ESC, 0x64, lines);
}

/**
 * GS V: cut. 'partial' and 'full' use function B (GS V 66/65 n), which first feeds
 * the paper up to the cutter and then `feedDots` more, so the last printed line is
 * never cut through, whatever the distance between print head and cutter.
 */
export function cut(mode: 'partial' | 'full' = 'partial', feedDots = 0): Uint8Array {
  if (!Number.isInteger(feedDots) || feedDots < 0 || feedDots > 255)
    throw new RangeError(`cut feed must be 0–255 dots, got ${feedDots}`);
  return Uint8Array.of(GS, 0x56, mode === 'partial' ? 66 : 65, feedDots);
}

/** Options of a printed QR code. */
export interface QrOptions {
  /** Module (dot square) size in printer dots, 1–16. Default 6 (0.75 mm at 203 dpi). */
  moduleSize?: number;
  /** Error correction level. Default 'M'. */
  errorLevel?: QrErrorLevel;
}

/** Byte limit of a QR symbol's data in byte mode at level L (version 40). */
const QR_MAX_BYTES = 2953;

/**
 * GS ( k: a QR code (model 2) holding `data` as UTF-8 — select model (fn 65),
 * module size (fn 67), error correction (fn 69), store the data (fn 80), print the
 * stored symbol (fn 81).
 */
export function qrCode(data: string, { moduleSize = 6, errorLevel = 'M' }: QrOptions = {}): Uint8Array {
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 16)
    throw new RangeError(`QR module size must be 1–16 dots, got ${moduleSize}`);
  const payload = new TextEncoder().encode(data);
  if (payload.length === 0 || payload.length > QR_MAX_BYTES)
    throw new RangeError(`QR data must be 1–${QR_MAX_BYTES} bytes, got ${payload.length}`);
  const storeLength = payload.length + 3;
  return concatBytes([
    Uint8Array.of(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00),
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleSize),
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, QR_LEVEL_CODE[errorLevel]),
    Uint8Array.of(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30),
    payload,
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30),
  ]);
}

/** A maximal stretch of text printed in one character mode. */
export interface TextRun {
  text: string;
  chinese: boolean;
}

/**
 * Splits text into ASCII runs and non-ASCII runs. Control characters become spaces:
 * text comes from the catalog, and an ESC or GS inside it must not reach the
 * printer as a command.
 */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const safe = code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) ? ' ' : char;
    const chinese = safe.codePointAt(0)! >= 0x80;
    const last = runs.at(-1);
    if (last && last.chinese === chinese) last.text += safe;
    else runs.push({ text: safe, chinese });
  }
  return runs;
}

/**
 * Text without a line feed: ASCII as is, every other character as GB18030 inside
 * FS & … FS . (GB18030 covers all of Unicode; GBK-only printers still print every
 * character of Simplified and Traditional Chinese, which are all two-byte codes).
 */
export function text(value: string): Uint8Array {
  return concatBytes(
    textRuns(value).map((run) =>
      run.chinese
        ? concatBytes([chineseOn(), iconv.encode(run.text, 'gb18030'), chineseOff()])
        : Uint8Array.from(run.text, (c) => c.charCodeAt(0)),
    ),
  );
}

/** DLE EOT 4: real-time query of the roll paper sensor; the printer answers one byte. */
export function paperStatusQuery(): Uint8Array {
  return Uint8Array.of(DLE, EOT, 4);
}

/** What the roll paper sensor says. */
export type PaperState = 'ok' | 'near_end' | 'out' | 'unknown';

/**
 * Reads the answer to DLE EOT 4. Per the ESC/POS spec the byte is 0xx1 xx10: bits 2–3
 * are the near-end sensor, bits 5–6 the paper-end sensor (both bits set when
 * triggered; either bit is taken as triggered, since some clones set only one). A
 * byte without the fixed bits is not a status answer (e.g. stray data), so unknown.
 */
export function parsePaperStatus(byte: number): PaperState {
  if ((byte & 0x93) !== 0x12) return 'unknown';
  if (byte & 0x60) return 'out';
  if (byte & 0x0c) return 'near_end';
  return 'ok';
}

/** Joins byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A chainable ESC/POS byte builder; `bytes()` returns everything added so far. */
export interface EscPosBuilder {
  initialize(): EscPosBuilder;
  align(value: Align): EscPosBuilder;
  bold(on: boolean): EscPosBuilder;
  size(width: number, height?: number): EscPosBuilder;
  text(value: string): EscPosBuilder;
  /** Text followed by a line feed. */
  line(value?: string): EscPosBuilder;
  feed(lines: number): EscPosBuilder;
  qr(data: string, options?: QrOptions): EscPosBuilder;
  cut(mode?: 'partial' | 'full', feedDots?: number): EscPosBuilder;
  raw(bytes: Uint8Array): EscPosBuilder;
  bytes(): Uint8Array;
}

/** Starts an empty ESC/POS byte builder. */
export function escpos(): EscPosBuilder {
  const parts: Uint8Array[] = [];
  const builder: EscPosBuilder = {
    initialize: () => add(initialize()),
    align: (value) => add(align(value)),
    bold: (on) => add(bold(on)),
    size: (width, height = width) => add(characterSize(width, height)),
    text: (value) => add(text(value)),
    line: (value = '') => add(text(value), lineFeed()),
    feed: (lines) => add(feedLines(lines)),
    qr: (data, options) => add(qrCode(data, options)),
    cut: (mode, feedDots) => add(cut(mode, feedDots)),
    raw: (bytes) => add(bytes),
    bytes: () => concatBytes(parts),
  };
  function add(...chunks: Uint8Array[]): EscPosBuilder {
    parts.push(...chunks);
    return builder;
  }
  return builder;
}
