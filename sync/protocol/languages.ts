/** UI languages, in the order the language switch shows them. 简体中文 comes first. */
export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-Hans';

/** A text in every UI language. */
export type LocalizedText = Record<Lang, string>;
/** A list of texts (e.g. "what to bring") in every UI language. */
export type LocalizedList = Record<Lang, string[]>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** JSON schema fragment for a LocalizedText, shared by the RxDB schemas and the catalog validator. */
export const localizedTextSchema = {
  type: 'object',
  properties: {
    'zh-Hans': { type: 'string', minLength: 1, maxLength: 2000 },
    'zh-Hant': { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
  required: ['zh-Hans', 'zh-Hant', 'en'],
  additionalProperties: false,
} as const;

const stringList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 30 } as const;

/** JSON schema fragment for a LocalizedList. */
export const localizedListSchema = {
  type: 'object',
  properties: { 'zh-Hans': stringList, 'zh-Hant': stringList, en: stringList },
  required: ['zh-Hans', 'zh-Hant', 'en'],
  additionalProperties: false,
} as const;
