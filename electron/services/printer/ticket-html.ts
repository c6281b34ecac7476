/**
 * The ticket as an 80 mm HTML page, for stations whose receipt printer is only
 * reachable through the operating system's printer driver (Electron's main
 * process prints it with webContents.print) and for previews. It renders the same
 * PrintDocument as the ESC/POS encoder, with the printer's geometry — 72 mm of
 * printable width, 48 columns of 1.5 mm, a CJK character two columns wide — so
 * the page wraps where the thermal ticket wraps.
 *
 * The page is self-contained and inert: no scripts, no external resources, and a
 * CSP that forbids both, because station and service names come from the catalog.
 */
import type { Lang } from '#protocol/languages.ts';
import type { PrintBlock, PrintDocument } from './print-document.ts';
import { encodeQr, qrSvg } from './qr-code.ts';
import { testTicketDocument, ticketDocument, type TestTicketInput, type TicketPrintInput } from './ticket-layout.ts';

/** Paper width and printable width of an 80 mm receipt roll, in millimetres. */
export const PAPER_WIDTH_MM = 80;
export const PRINTABLE_WIDTH_MM = 72;
/** A font-A character cell at 1×: 12 × 24 dots at 8 dots/mm. */
const COLUMN_MM = 1.5;
const LINE_MM = 3;
/** The printer's default line spacing (30 dots) over a 24-dot character. */
const LINE_HEIGHT = 1.25;
const DOTS_PER_MM = 8;
const PADDING_TOP_MM = 3;
const PADDING_BOTTOM_MM = 6;

const HTML_LANG: Record<Lang, string> = { 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW', en: 'en' };
/** Monospaced CJK fonts first, so 2 columns per CJK character hold; the others keep Chinese readable on Windows and macOS. */
const FONTS: Record<Lang, string> = {
  'zh-Hans': `"Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC", monospace`,
  'zh-Hant': `"Noto Sans Mono CJK TC", "Noto Sans CJK TC", "Microsoft JhengHei", "MingLiU", "PingFang TC", monospace`,
  en: `"Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", monospace`,
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function blockHeightMm(block: PrintBlock): number {
  switch (block.kind) {
    case 'text':
      return block.scale * LINE_MM * LINE_HEIGHT;
    case 'qr':
      return (
        (encodeQr(block.data, block.errorLevel).size + 8) * (block.moduleSize / DOTS_PER_MM) + LINE_MM * LINE_HEIGHT
      );
    case 'feed':
      return block.lines * LINE_MM * LINE_HEIGHT;
    case 'cut':
      return 0;
  }
}

function blockHtml(block: PrintBlock): string {
  switch (block.kind) {
    case 'text': {
      const style = `font-size:${block.scale * LINE_MM}mm;text-align:${block.align}${block.bold ? ';font-weight:700' : ''}`;
      // An empty line still takes its height, as on paper.
      return `<div class="line" style="${style}">${escapeHtml(block.text) || '&#160;'}</div>`;
    }
    case 'qr':
      return `<div class="qr" style="text-align:${block.align}">${qrSvg(encodeQr(block.data, block.errorLevel), block.moduleSize / DOTS_PER_MM)}</div>`;
    case 'feed':
      return `<div style="height:${block.lines * LINE_MM * LINE_HEIGHT}mm"></div>`;
    case 'cut':
      return '';
  }
}

/** The height the document needs on paper, in millimetres (rounded up), for a page size a roll-paper driver accepts. */
export function documentHeightMm(doc: PrintDocument): number {
  return Math.ceil(
    PADDING_TOP_MM + PADDING_BOTTOM_MM + doc.blocks.reduce((sum, block) => sum + blockHeightMm(block), 0),
  );
}

/** A PrintDocument as a self-contained 80 mm HTML page. */
export function documentHtml(doc: PrintDocument, title = 'ticket'): string {
  const heightMm = documentHeightMm(doc);
  const columnsMm = doc.columns * COLUMN_MM;
  return `<!doctype html>
<html lang="${HTML_LANG[doc.lang]}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
@page { size: ${PAPER_WIDTH_MM}mm ${heightMm}mm; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { width: ${PAPER_WIDTH_MM}mm; font-family: ${FONTS[doc.lang]}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.paper { box-sizing: border-box; width: ${PAPER_WIDTH_MM}mm; padding: ${PADDING_TOP_MM}mm ${(PAPER_WIDTH_MM - columnsMm) / 2}mm ${PADDING_BOTTOM_MM}mm; }
.line { line-height: ${LINE_HEIGHT}; white-space: pre-wrap; overflow-wrap: anywhere; }
.qr svg { display: inline-block; vertical-align: top; }
.qr { line-height: 0; padding-bottom: ${LINE_MM * LINE_HEIGHT}mm; }
</style>
</head>
<body><div class="paper">
${doc.blocks.map(blockHtml).filter(Boolean).join('\n')}
</div></body>
</html>
`;
}

/** The resident's ticket as an 80 mm HTML page for the operating-system printer. */
export function ticketHtml(input: TicketPrintInput): string {
  return documentHtml(ticketDocument(input), input.ticket.number);
}

/** The technician's test ticket as an 80 mm HTML page. */
export function testTicketHtml(input: TestTicketInput): string {
  return documentHtml(testTicketDocument(input), 'printer test');
}
