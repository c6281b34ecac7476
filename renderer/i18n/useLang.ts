/** The language the screen shows now, as a Lang: the one place that reads i18next's current language. */
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang, type Lang } from '#protocol/languages.ts';

/**
 * i18next's language as a Lang. Every changeLanguage call passes a Lang, so the
 * fallback only guards a tag i18next was never meant to hold.
 */
export function currentLang(i18n: Pick<I18n, 'language'>): Lang {
  return isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
}

/** The current language; the component re-renders when it changes. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return currentLang(i18n);
}
