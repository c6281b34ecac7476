/**
 * Text from the database (station and device names, ids) shown on an operator's
 * terminal. A name holding ESC sequences could rewrite the screen, hide a line
 * or fake one; a bidi override could reverse what follows. Such characters are
 * shown as visible `\uXXXX` escapes instead.
 */

// C0 controls (tab and newline included: the CLI's own layout uses them), DEL, C1 controls,
// and the invisible direction controls.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// What JSON.stringify leaves raw inside strings (it escapes C0 itself; the newlines outside strings are its layout).
const UNPRINTABLE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every terminal control character escaped; printable text is unchanged. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** JSON for a terminal: JSON.stringify leaves DEL, C1 and direction controls raw; these are escaped too (still valid JSON). */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNPRINTABLE_IN_JSON, escape);
}
