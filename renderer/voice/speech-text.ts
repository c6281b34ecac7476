/** Preparing text for a voice: pieces short enough to start speaking soon, and how long a reading may take. */

/** Where a piece may end: after a sentence or clause mark (Chinese or English), or a line. */
const BREAKS = /(?<=[。！？；!?;\n])|(?<=[.,，、：:])(?=\s)/u;

/**
 * Splits `text` into pieces of at most about `maxChars`, at sentence breaks where
 * possible, so a whole screen is read piece by piece: the offline voice is heard
 * while the rest is still being synthesised, and no OS utterance runs so long that
 * Chromium drops it.
 */
export function speechChunks(text: string, maxChars = 120): string[] {
  const sentences = text
    .split(BREAKS)
    .flatMap((s) => {
      const chars = [...s.trim()];
      const parts: string[] = [];
      for (let i = 0; i < chars.length; i += maxChars) parts.push(chars.slice(i, i + maxChars).join(''));
      return parts;
    })
    .filter(Boolean);
  const chunks: string[] = [];
  for (const sentence of sentences) {
    const last = chunks.at(-1);
    // Short sentences travel together: each piece costs the engine a start-up.
    if (last !== undefined && last.length + sentence.length + 1 <= maxChars)
      chunks[chunks.length - 1] = `${last} ${sentence}`;
    else chunks.push(sentence);
  }
  return chunks;
}

/**
 * How long an OS voice's reading may take before we stop waiting for its 'end'
 * event. Some engines never fire it (Chromium drops the event when it loses the
 * utterance). A slow voice for older listeners reads about three Chinese characters
 * a second, or ten letters; the limit allows a margin over that.
 */
export function speechTimeoutMs(text: string): number {
  const chars = [...text];
  const cjk = chars.filter((c) => /[\u3000-\u9fff\uff00-\uffef]/.test(c)).length;
  return Math.min(20_000, 2_000 + 350 * cjk + 120 * (chars.length - cjk));
}
