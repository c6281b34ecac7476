/** i18next setup: 简体中文 first, 繁體中文 and English too. Every visible string goes through here. */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANG, LANGUAGES, type Lang } from '#protocol/languages.ts';
import { NAMESPACES, resources } from './resources.ts';

/**
 * BCP 47 tags for speech synthesis and number/time formatting. 繁體 follows the
 * Taiwan standard (臺灣正體) in every zh-Hant string, hence zh-TW: one documented
 * standard, already most of the existing strings' usage, and the larger
 * Traditional-reading community in Pudong (docs/plain-words.md says more).
 */
export const SPEECH_LANG: Record<Lang, string> = { 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW', en: 'en-US' };

/** Creates the app's i18next instance, synchronously ready (resources are bundled). */
export function createI18n(lang: Lang = DEFAULT_LANG): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    // A missing key shows as its key in development, so it is noticed; tests fail on it.
    saveMissing: false,
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  document.documentElement.lang = lang;
  return instance;
}
