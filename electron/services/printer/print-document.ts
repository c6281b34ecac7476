/**
 * A printed receipt as data: already wrapped lines with their style, QR codes,
 * feeds and the cut. The layout builds one; `encodeDocument` turns it into ESC/POS
 * bytes and ticket-html.ts into an 80 mm HTML page, so the thermal printer and
 * the operating-system printer show the same ticket.
 */
import type { Lang } from '#protocol/languages.ts';
import { MAX_SCALE, PAPER_COLUMNS, escpos, type Align, type QrErrorLevel } from './escpos.ts';
import { textColumns } from './text-columns.ts';

/** One printed line; `scale` magnifies width and height alike (1–8). */
export interface TextBlock {
  kind: 'text';
  text: string;
  align: Align;
  bold: boolean;
  scale: number;
}

export interface QrBlock {
  kind: 'qr';
  data: string;
  align: Align;
  /** Module size in printer dots (8 dots = 1 mm). */
  moduleSize: number;
  errorLevel: QrErrorLevel;
}

export interface FeedBlock {
  kind: 'feed';
  lines: number;
}

export interface CutBlock {
  kind: 'cut';
}

export type PrintBlock = TextBlock | QrBlock | FeedBlock | CutBlock;

/** A receipt ready to print: every text line fits `columns` at its scale. */
export interface PrintDocument {
  /** Language of the text, for the HTML `lang` (fonts differ between 简体 and 繁體). */
  lang: Lang;
  columns: number;
  blocks: PrintBlock[];
}

/** Throws when a line would be wider than the paper: a bug in the layout, caught before printing. */
export function assertFits(doc: PrintDocument): void {
  for (const block of doc.blocks) {
    if (block.kind !== 'text') continue;
    if (!Number.isInteger(block.scale) || block.scale < 1 || block.scale > MAX_SCALE)
      throw new RangeError(`bad scale ${block.scale} for "${block.text}"`);
    const width = textColumns(block.text) * block.scale;
    if (width > doc.columns)
      throw new RangeError(`line "${block.text}" is ${width} columns wide; the paper has ${doc.columns}`);
  }
}

/**
 * ESC/POS bytes of a document. Style commands are sent only when they change, and
 * alignment only between lines, where printers honour it.
 */
export function encodeDocument(doc: PrintDocument): Uint8Array {
  assertFits(doc);
  const out = escpos().initialize();
  let align: Align = 'left';
  let bold = false;
  let scale = 1;
  for (const block of doc.blocks) {
    if (block.kind === 'text' || block.kind === 'qr') {
      if (block.align !== align) out.align((align = block.align));
    }
    switch (block.kind) {
      case 'text':
        if (block.bold !== bold) out.bold((bold = block.bold));
        if (block.scale !== scale) out.size((scale = block.scale));
        out.line(block.text);
        break;
      case 'qr':
        out.qr(block.data, { moduleSize: block.moduleSize, errorLevel: block.errorLevel });
        // A blank line keeps the text that follows from touching the symbol.
        out.line();
        break;
      case 'feed':
        out.feed(block.lines);
        break;
      case 'cut':
        out.cut('partial');
        break;
    }
  }
  return out.bytes();
}

/** The default paper: 80 mm, font A. */
export const DEFAULT_COLUMNS = PAPER_COLUMNS;
