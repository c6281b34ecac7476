/**
 * The phone page as HTML, rendered on the server: it works on any phone browser,
 * with or without script, and the live updates (follow-live.ts) send this same
 * markup, so there is one renderer. Words come from assets/locales/<lng>/follow.json
 * through i18next; every value from a document is escaped.
 */
import { FOLLOW_PATH_PREFIX } from '#protocol/follow-link.ts';
import type { Lang, LocalizedText } from '#protocol/languages.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import type { FollowView } from './follow-view.ts';
import { escapeHtml, invalidLinkDocument, languageSwitch, phoneDocument, phoneWords as words } from './phone-page.ts';

/** Where the page's own stylesheet and script are served (routes/follow.ts). */
export const FOLLOW_ASSET_PATHS = { css: '/t/-/follow.css', js: '/t/-/follow.js' } as const;

function stationTime(at: number, now: number, offset: number): string {
  const time = formatStationTime(at, offset);
  return stationDay(at, offset) === stationDay(now, offset) ? time : `${stationDay(at, offset)} ${time}`;
}

/** The live part of the page (inside `<main>`): what changes as the queue moves. */
export function followMainHtml(view: FollowView, lang: Lang, now: number): string {
  const t = (key: string, vars: Record<string, unknown> = {}) => escapeHtml(words().t(key, { ...vars, lng: lang }));
  const text = (value: LocalizedText | null) => (value ? escapeHtml(value[lang]) : '');
  const parts: string[] = [];
  const { state } = view;
  if (view.quietSince) {
    const message =
      view.quietSince.at === null
        ? t('quietNever')
        : t('quiet', { time: stationTime(view.quietSince.at, now, view.utcOffsetMinutes) });
    parts.push(`<p class="notice" role="status" data-testid="follow-quiet">${message}</p>`);
  }
  if (state.kind === 'called') {
    parts.push(
      `<section class="called" data-testid="follow-called"><h2>${t('calledTitle')}</h2>`,
      `<p class="number" data-testid="follow-number">${escapeHtml(view.number)}</p>`,
      state.place
        ? `<p class="go">${t('calledGo', { place: state.place[lang] })}</p>`
        : `<p class="go">${t('calledWatch')}</p>`,
      `</section>`,
    );
  } else {
    parts.push(
      `<p class="label">${t('yourNumber')}</p>`,
      `<p class="number" data-testid="follow-number">${escapeHtml(view.number)}</p>`,
    );
    if (view.serviceName) parts.push(`<p class="service">${text(view.serviceName)}</p>`);
    parts.push(`<section class="state" data-testid="follow-state" data-state="${state.kind}">`);
    if (state.kind === 'waiting') {
      const { estimate } = state;
      parts.push(
        `<p class="ahead" data-testid="follow-ahead" data-ahead="${estimate.ahead}">${
          estimate.ahead === 0 ? t('aheadNone') : t('ahead', { count: estimate.ahead })
        }</p>`,
      );
      const wait =
        estimate.kind === 'estimate'
          ? t('estimate', { low: estimate.lowMinutes, high: estimate.highMinutes })
          : estimate.kind === 'not_enough_data'
            ? t('notEnoughData')
            : t('noOpenCounter');
      parts.push(`<p class="wait" data-testid="follow-wait" data-kind="${estimate.kind}">${wait}</p>`);
    } else if (state.kind === 'done') {
      parts.push(`<h2>${t('done')}</h2><p>${t('doneThanks')}</p>`);
    } else {
      const key = { serving: 'serving', no_show: 'noShow', cancelled: 'cancelled', expired: 'expired' }[state.kind];
      parts.push(`<h2>${t(key)}</h2>`);
    }
    parts.push(`</section>`);
  }
  parts.push(`<p class="small">${t('updated', { time: formatStationTime(now, view.utcOffsetMinutes) })}</p>`);
  return parts.join('');
}

/** The page's title: what a phone shows in its tab and task switcher. */
export function followTitle(view: FollowView, lang: Lang): string {
  const t = (key: string) => words().t(key, { lng: lang });
  return view.state.kind === 'called' ? `${t('calledTitle')} · ${view.number}` : `${view.number} · ${t('title')}`;
}

/** The whole page of a ticket; `ref` is the link's own `<ticketId>.<token>`, for the language links and the live updates. */
export function followPageHtml(view: FollowView, lang: Lang, ref: string, now: number): string {
  const t = (key: string) => escapeHtml(words().t(key, { lng: lang }));
  const switcher = languageSwitch(lang, (l) => `${FOLLOW_PATH_PREFIX}${ref}?lang=${l}`, 'follow');
  const body = `<header>
<p class="station">${view.stationName ? escapeHtml(view.stationName[lang]) : ''}</p>
<h1>${t('title')}</h1>
</header>
<main id="follow" data-live="${FOLLOW_PATH_PREFIX}${escapeHtml(ref)}/live?lang=${lang}" aria-live="polite">${followMainHtml(view, lang, now)}</main>
<footer>
<p class="small">${t('live')}</p>
<nav aria-label="${t('language')}">${switcher}</nav>
</footer>
<script src="${FOLLOW_ASSET_PATHS.js}" defer></script>`;
  return phoneDocument(lang, followTitle(view, lang), body, FOLLOW_ASSET_PATHS.css);
}

/**
 * The one answer for any link that does not check out — unknown ticket, wrong
 * token, malformed link — in all three languages (the ticket's language would
 * tell that the ticket exists), byte for byte the same.
 */
export const INVALID_LINK_HTML = invalidLinkDocument('', 'follow-invalid', FOLLOW_ASSET_PATHS.css);
