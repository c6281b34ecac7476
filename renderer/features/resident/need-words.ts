/**
 * The words a resident can add to a need without a physical keyboard: common phrases as
 * big buttons (every language) and, for English, letters on screen.
 *
 * Why no Chinese typing: pinyin input assumes a resident who knows pinyin and can pick
 * among candidates, handwriting needs a recogniser this offline kiosk does not ship, and
 * most elderly residents here use neither. Phrases cover what staff most need to know
 * (how urgent, who it is for, whether to call), and the last phrase is the way out for
 * anything else: "call me and I will tell you", with the phone keypad right after.
 */
import type { Lang } from '#protocol/languages.ts';

/** Phrase ids; the words are in the locale (resident:needs.phrase.<id>). */
export const NEED_PHRASES = ['soon', 'urgent', 'alone', 'mobility', 'forElder', 'callMe'] as const;
export type NeedPhrase = (typeof NEED_PHRASES)[number];

/** The need's stored text is at most this long (the need schema's text maxLength). */
export const MAX_NEED_TEXT = 500;

/** How phrases are joined into one text: Chinese with a full-width comma, English as sentences. */
const SEPARATOR: Record<Lang, string> = { 'zh-Hans': '，', 'zh-Hant': '，', en: '. ' };

/** The text after adding `phrase` (kept within MAX_NEED_TEXT; an English sentence gets its separator). */
export function addPhrase(text: string, phrase: string, lang: Lang): string {
  const trimmed = text.trimEnd();
  const joined = trimmed ? `${trimmed.replace(/[，。.]$/, '')}${SEPARATOR[lang]}${phrase}` : phrase;
  return joined.slice(0, MAX_NEED_TEXT);
}

/** Whether this language gets an on-screen letter keyboard (see the note above on Chinese). */
export function hasLetterKeyboard(lang: Lang): boolean {
  return lang === 'en';
}

/** The on-screen QWERTY rows, large keys only: letters, then the row's edit keys are added by the screen. */
export const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;
