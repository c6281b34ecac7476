/**
 * QR symbols for the places where no printer draws them for us: the HTML ticket
 * for the operating-system printer, ticket previews, and the test printer's
 * pictures. The thermal printer draws its own from GS ( k (escpos.ts). The symbol
 * itself comes from the well-kept `qrcode` package (ISO/IEC 18004, byte mode for
 * our ids); this module only adapts it to a plain matrix and an SVG.
 */
import QRCode from 'qrcode';
import type { QrErrorLevel } from './escpos.ts';

/** A QR symbol: `modules[y][x]` is true for a dark module. No quiet zone included. */
export interface QrMatrix {
  version: number;
  size: number;
  mask: number;
  modules: boolean[][];
}

/**
 * Encodes text (as UTF-8) in the smallest version that holds it at `level`.
 * `mask` forces a mask pattern (0–7); by default the one with the lowest penalty.
 */
export function encodeQr(text: string, level: QrErrorLevel = 'M', mask?: number): QrMatrix {
  // Byte mode always (as the thermal printer's GS ( k stores the bytes), so a symbol
  // does not change shape when an id happens to be all upper-case.
  const symbol = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: level,
    ...(mask === undefined ? {} : { maskPattern: mask as QRCode.QRCodeMaskPattern }),
  });
  const { size, data } = symbol.modules;
  const modules = Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => data[y * size + x] === 1),
  );
  return { version: symbol.version, size, mask: symbol.maskPattern ?? mask ?? 0, modules };
}

/**
 * An SVG of the symbol with the standard 4-module quiet zone, `moduleMm` millimetres
 * per module, drawn as one path so it prints crisply at any resolution.
 */
export function qrSvg(matrix: QrMatrix, moduleMm: number): string {
  const quiet = 4;
  const span = matrix.size + quiet * 2;
  let path = '';
  matrix.modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x + quiet},${y + quiet}h1v1h-1z`;
    }),
  );
  const mm = +(span * moduleMm).toFixed(3);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${mm}mm" height="${mm}mm" viewBox="0 0 ${span} ${span}" shape-rendering="crispEdges" role="img"><rect width="${span}" height="${span}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
