/**
 * What the district's two pages for residents' phones share — following a ticket
 * (follow-page.ts) and booking an appointment (booking/booking-page.ts): their
 * words (assets/locales/<lng>/follow.json through i18next, checked by the locale
 * test like every other namespace), HTML escaping, the document around a page, the
 * language switch, and the one answer for a link that does not check out.
 */
import i18next, { type i18n as I18n } from 'i18next';
import en from '#assets/locales/en/follow.json' with { type: 'json' };
import hans from '#assets/locales/zh-Hans/follow.json' with { type: 'json' };
import hant from '#assets/locales/zh-Hant/follow.json' with { type: 'json' };
import { LANGUAGES, type Lang, type LocalizedText } from '#protocol/languages.ts';

/** The i18next namespace of the phone pages' words. */
export const FOLLOW_NAMESPACE = 'follow';

/** i18next resources of the phone pages, checked by the locale test like every other namespace. */
export const followResources: Record<Lang, { [FOLLOW_NAMESPACE]: object }> = {
  'zh-Hans': { follow: hans },
  'zh-Hant': { follow: hant },
  en: { follow: en },
};

/** Each language named in itself, as the switch shows it. */
const LANGUAGE_NAMES: LocalizedText = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

let texts: I18n | undefined;
/** The phone pages' words, in one i18next instance of their own (the server has no page language). */
export function phoneWords(): I18n {
  if (!texts) {
    texts = i18next.createInstance();
    void texts.init({
      resources: followResources,
      lng: 'zh-Hans',
      supportedLngs: [...LANGUAGES],
      fallbackLng: false,
      defaultNS: FOLLOW_NAMESPACE,
      ns: [FOLLOW_NAMESPACE],
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  return texts;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A whole page: never indexed, no referrer, the district's own stylesheet only. */
export function phoneDocument(lang: Lang, title: string, body: string, cssPath: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${cssPath}">
</head>
<body>
${body}
</body>
</html>
`;
}

/** The three languages as links, each named in itself; `hrefOf` gives the page in that language. */
export function languageSwitch(lang: Lang, hrefOf: (lang: Lang) => string, testIdPrefix: string): string {
  return LANGUAGES.map(
    (l) =>
      `<a class="lang" href="${escapeHtml(hrefOf(l))}" lang="${l}" data-testid="${testIdPrefix}-lang-${l}"${
        l === lang ? ' aria-current="true"' : ''
      }>${LANGUAGE_NAMES[l]}</a>`,
  ).join('');
}

/**
 * The one answer for a link that does not check out, in all three languages (a
 * language chosen from the link would tell that what it names exists), byte for
 * byte the same whatever was wrong. `keyPrefix` is where its words are ('' or 'book.').
 */
export function invalidLinkDocument(keyPrefix: string, testId: string, cssPath: string): string {
  const t = (key: string, l: Lang) => phoneWords().t(`${keyPrefix}${key}`, { lng: l });
  return phoneDocument(
    'zh-Hans',
    LANGUAGES.map((l) => t('invalidTitle', l)).join(' / '),
    `<main data-testid="${testId}">${LANGUAGES.map(
      (l) =>
        `<section lang="${l}"><h1>${escapeHtml(t('invalidTitle', l))}</h1><p>${escapeHtml(t('invalidBody', l))}</p></section>`,
    ).join('')}</main>`,
    cssPath,
  );
}
