/** Picks the current language's text from catalog data (names, descriptions, what to bring). */
import type { Lang, LocalizedList, LocalizedText } from '#protocol/languages.ts';

export function pick(text: LocalizedText | undefined, lang: Lang): string {
  return text?.[lang] ?? '';
}

export function pickList(list: LocalizedList | undefined, lang: Lang): string[] {
  return list?.[lang] ?? [];
}
