/**
 * The console's i18next: its own `console` namespace plus the renderer's
 * namespaces, so the kiosk components in the preview speak as on the kiosk.
 * 简体中文 first; the choice is remembered in this browser.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANG, isLang, LANGUAGES, type Lang } from '#protocol/languages.ts';
import { NAMESPACES, resources } from '#renderer/i18n/resources.ts';
import { CONSOLE_RESOURCES } from '#console/i18n/resources.ts';

const STORAGE_KEY = 'doorstep-console-lang';

export function savedLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLang(saved) ? saved : DEFAULT_LANG;
}

export function createConsoleI18n(lang: Lang = savedLang()): I18n {
  const instance = i18next.createInstance();
  const all = Object.fromEntries(LANGUAGES.map((lng) => [lng, { ...resources[lng], console: CONSOLE_RESOURCES[lng] }]));
  void instance.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    ns: ['console', ...NAMESPACES],
    defaultNS: 'console',
    resources: all,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    localStorage.setItem(STORAGE_KEY, lng);
  });
  document.documentElement.lang = lang;
  return instance;
}
