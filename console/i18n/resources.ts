/** The console's texts in every UI language; the locale test checks each has every key. */
import en from './locales/en/console.json' with { type: 'json' };
import hans from './locales/zh-Hans/console.json' with { type: 'json' };
import hant from './locales/zh-Hant/console.json' with { type: 'json' };
import type { Lang } from '#protocol/languages.ts';

export const CONSOLE_NAMESPACES = ['console'] as const;

export const CONSOLE_RESOURCES: Record<Lang, object> = { 'zh-Hans': hans, 'zh-Hant': hant, en };
