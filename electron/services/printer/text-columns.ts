/**
 * Printed width and line wrapping in printer columns. The encoder prints every
 * non-ASCII character in Chinese mode, where it is a 24-dot double-byte glyph, so
 * it takes exactly two font-A columns — CJK, full-width punctuation, and also
 * characters such as "…" or "é". ASCII takes one. Counting this way matches what
 * the paper shows, which a generic East-Asian-width table would not.
 */

/** Columns one character occupies on the paper at 1× size. */
export function charColumns(char: string): 1 | 2 {
  return char.codePointAt(0)! < 0x80 ? 1 : 2;
}

/** Columns a text occupies on the paper at 1× size. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

/** Punctuation that must not start a line (Chinese line-breaking rules, 避头点). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕…—,.;:?!)]}%']);

/** Where a line may break: ASCII words stay whole, CJK may break between any two characters. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const char of text) {
    if (char === ' ') {
      if (word) out.push(word);
      out.push(' ');
      word = '';
    } else if (charColumns(char) === 2) {
      if (word) out.push(word);
      word = '';
      out.push(char);
    } else {
      word += char;
    }
  }
  if (word) out.push(word);
  // Keep punctuation with the character before it.
  const merged: string[] = [];
  for (const token of out) {
    const last = merged.at(-1);
    if (last !== undefined && last !== ' ' && NO_LINE_START.has([...token][0]!))
      merged[merged.length - 1] = last + token;
    else merged.push(token);
  }
  return merged;
}

/** Splits a token wider than a whole line (a long URL, a long number) at the column limit. */
function hardSplit(token: string, columns: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of token) {
    if (textColumns(piece) + charColumns(char) > columns && piece) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Wraps text to lines of at most `columns` printer columns. Line breaks in the text
 * are kept; spaces at a break are dropped; English words are not split unless one
 * is wider than a whole line.
 */
export function wrapColumns(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 2) throw new RangeError(`columns must be an integer ≥ 2, got ${columns}`);
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').split('\n')) {
    let line = '';
    for (const token of tokens(paragraph)) {
      if (token === ' ') {
        if (line && textColumns(line) < columns) line += ' ';
        continue;
      }
      if (textColumns(line) + textColumns(token) <= columns) {
        line += token;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      const pieces = textColumns(token) > columns ? hardSplit(token, columns) : [token];
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1)!;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
