/**
 * The resident's booking page as HTML, rendered on the server: any phone browser,
 * no script, one choice per step — service → day → time (with the places left) →
 * name and the last 4 phone digits → the check-in code, big, and how to check in
 * at the kiosk. Words come from assets/locales/<lng>/follow.json (its `book`
 * object) through i18next, so the locale test checks them with the follow page's;
 * every value from a document is escaped. Nothing about any other resident: only
 * service names and how many places are free.
 */
import { BOOKING_PATH_PREFIX } from '#protocol/booking-api.ts';
import type { Lang, LocalizedText } from '#protocol/languages.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';
import {
  escapeHtml,
  invalidLinkDocument,
  languageSwitch,
  phoneDocument,
  phoneWords as words,
} from '#server/follow/phone-page.ts';

/** Where the page's stylesheet is served (routes/booking.ts). */
export const BOOKING_CSS_PATH = `${BOOKING_PATH_PREFIX}-/book.css`;

const DATE_LOCALES: Record<Lang, string> = { 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW', en: 'en-GB' };

export interface ServiceChoice {
  serviceId: string;
  name: LocalizedText;
}

/** What one step of the page shows. */
export type BookingScreen =
  | { kind: 'services'; services: ServiceChoice[] }
  | { kind: 'days'; service: ServiceChoice; days: { day: string; free: number }[] }
  | { kind: 'slots'; service: ServiceChoice; day: string; slots: { start: string; remaining: number }[] }
  | {
      kind: 'details';
      service: ServiceChoice;
      day: string;
      start: string;
      /** The form's one-time token: the same form sent twice books once (migration 022). */
      token: string;
      problem?: 'badDetails';
    }
  | {
      kind: 'done';
      service: ServiceChoice;
      appointment: Pick<AppointmentDoc, 'code' | 'day' | 'start'>;
      /** The check-in window on the station's clock, "HH:MM". */
      checkIn: { from: string; to: string };
    }
  | { kind: 'offline'; heardAt: number | null };

export interface BookingPage {
  /** The station's public key, as in the link. */
  key: string;
  stationName: LocalizedText;
  utcOffsetMinutes: number;
  screen: BookingScreen;
  /** A calm notice above the step (a time taken meanwhile). */
  notice?: 'slotGone';
  now: number;
}

/** "0930" in a link for the slot "09:30" (no colon in the path). */
export const slotPart = (start: string) => start.replace(':', '');

/** The page's path of each step. */
export function stepPath(key: string, serviceId?: string, day?: string, start?: string): string {
  return [`${BOOKING_PATH_PREFIX}${key}`, serviceId && encodeURIComponent(serviceId), day, start && slotPart(start)]
    .filter(Boolean)
    .join('/');
}

const withLang = (path: string, lang: Lang) => `${path}?lang=${lang}`;

function dayLabel(day: string, lang: Lang, now: number, offset: number): string {
  const date = new Intl.DateTimeFormat(DATE_LOCALES[lang], {
    timeZone: 'UTC',
    month: lang === 'en' ? 'short' : 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(`${day}T00:00:00Z`));
  const today = stationDay(now, offset);
  const tomorrow = stationDay(now + 86_400_000, offset);
  const t = words().t.bind(words());
  if (day === today) return `${t('book.today', { lng: lang })} ${date}`;
  if (day === tomorrow) return `${t('book.tomorrow', { lng: lang })} ${date}`;
  return date;
}

function stepOf(screen: BookingScreen): number | null {
  return { services: 1, days: 2, slots: 3, details: 4, done: null, offline: null }[screen.kind];
}

/** The step before this one, where "back" goes. */
function backPath(page: BookingPage): string | null {
  const { screen, key } = page;
  switch (screen.kind) {
    case 'days':
      return stepPath(key);
    case 'slots':
      return stepPath(key, screen.service.serviceId);
    case 'details':
      return stepPath(key, screen.service.serviceId, screen.day);
    default:
      return null;
  }
}

function mainHtml(page: BookingPage, lang: Lang): string {
  const t = (key: string, vars: Record<string, unknown> = {}) =>
    escapeHtml(words().t(`book.${key}`, { ...vars, lng: lang }));
  const name = (text: LocalizedText) => escapeHtml(text[lang]);
  const { screen, key } = page;
  const offset = page.utcOffsetMinutes;
  const parts: string[] = [];
  if (page.notice) parts.push(`<p class="notice" role="status" data-testid="book-notice">${t(page.notice)}</p>`);
  switch (screen.kind) {
    case 'offline':
      parts.push(
        `<section data-testid="book-offline"><h2>${t('offlineTitle')}</h2><p>${t('offline')}</p>`,
        screen.heardAt === null
          ? ''
          : `<p>${t('offlineSince', {
              time:
                stationDay(screen.heardAt, offset) === stationDay(page.now, offset)
                  ? formatStationTime(screen.heardAt, offset)
                  : `${stationDay(screen.heardAt, offset)} ${formatStationTime(screen.heardAt, offset)}`,
            })}</p>`,
        `</section>`,
      );
      break;
    case 'services':
      parts.push(`<h2>${t('chooseService')}</h2>`);
      if (screen.services.length === 0) parts.push(`<p data-testid="book-none">${t('noServices')}</p>`);
      else
        parts.push(
          `<ul class="choices" data-testid="book-services">${screen.services
            .map(
              (s) =>
                `<li><a class="choice" href="${escapeHtml(withLang(stepPath(key, s.serviceId), lang))}">${name(s.name)}</a></li>`,
            )
            .join('')}</ul>`,
        );
      break;
    case 'days':
      parts.push(`<p class="chosen">${name(screen.service.name)}</p><h2>${t('chooseDay')}</h2>`);
      if (screen.days.length === 0) parts.push(`<p data-testid="book-none">${t('noDays')}</p>`);
      else
        parts.push(
          `<ul class="choices" data-testid="book-days">${screen.days
            .map((d) => {
              const label = escapeHtml(dayLabel(d.day, lang, page.now, offset));
              return d.free === 0
                ? `<li><span class="choice full" aria-disabled="true" data-day="${d.day}">${label}<span class="extra">${t('dayFull')}</span></span></li>`
                : `<li><a class="choice" data-day="${d.day}" href="${escapeHtml(
                    withLang(stepPath(key, screen.service.serviceId, d.day), lang),
                  )}">${label}</a></li>`;
            })
            .join('')}</ul>`,
        );
      break;
    case 'slots':
      parts.push(
        `<p class="chosen">${name(screen.service.name)} · ${escapeHtml(dayLabel(screen.day, lang, page.now, offset))}</p>`,
        `<h2>${t('chooseSlot')}</h2>`,
      );
      if (screen.slots.every((s) => s.remaining === 0)) parts.push(`<p data-testid="book-none">${t('noSlots')}</p>`);
      parts.push(
        `<ul class="choices" data-testid="book-slots">${screen.slots
          .map((s) =>
            s.remaining === 0
              ? `<li><span class="choice full" aria-disabled="true" data-start="${s.start}">${s.start}<span class="extra">${t('full')}</span></span></li>`
              : `<li><a class="choice" data-start="${s.start}" href="${escapeHtml(
                  withLang(stepPath(key, screen.service.serviceId, screen.day, s.start), lang),
                )}">${s.start}<span class="extra">${t('placesLeft', { count: s.remaining })}</span></a></li>`,
          )
          .join('')}</ul>`,
      );
      break;
    case 'details': {
      const action = withLang(stepPath(key, screen.service.serviceId, screen.day, screen.start), lang);
      parts.push(
        `<p class="chosen" data-testid="book-chosen">${t('chosen', {
          service: screen.service.name[lang],
          day: dayLabel(screen.day, lang, page.now, offset),
          time: screen.start,
        })}</p>`,
        `<h2>${t('yourDetails')}</h2>`,
        screen.problem ? `<p class="notice" role="alert" data-testid="book-problem">${t(screen.problem)}</p>` : '',
        `<form method="post" action="${escapeHtml(action)}" data-testid="book-form">`,
        `<input type="hidden" name="token" value="${escapeHtml(screen.token)}">`,
        `<label for="name">${t('name')}</label>`,
        `<p class="hint" id="name-hint">${t('nameHint')}</p>`,
        `<input id="name" name="name" type="text" required maxlength="40" autocomplete="name" aria-describedby="name-hint" data-testid="book-name">`,
        `<label for="phone">${t('phone')}</label>`,
        `<p class="hint" id="phone-hint">${t('phoneHint')}</p>`,
        `<input id="phone" name="phoneLast4" type="text" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off" aria-describedby="phone-hint" data-testid="book-phone">`,
        `<button class="confirm" type="submit" data-testid="book-confirm">${t('confirm')}</button>`,
        `</form>`,
      );
      break;
    }
    case 'done':
      parts.push(
        `<section class="done" data-testid="book-done"><h2>${t('doneTitle')}</h2>`,
        `<p>${t('yourCode')}</p>`,
        `<p class="code" data-testid="book-code">${escapeHtml(screen.appointment.code)}</p>`,
        `<p class="when">${t('doneWhen', {
          day: dayLabel(screen.appointment.day, lang, page.now, offset),
          time: screen.appointment.start,
          service: screen.service.name[lang],
        })}</p>`,
        `<p>${t('doneHow')}</p>`,
        `<p>${t('doneWindow', screen.checkIn)}</p>`,
        `<p>${t('doneKeep')}</p>`,
        `</section>`,
      );
      break;
  }
  return parts.join('');
}

/** The whole page of one step; `path` is this step's own path, for the language links. */
export function bookingPageHtml(page: BookingPage, lang: Lang, path: string): string {
  const t = (key: string, vars: Record<string, unknown> = {}) =>
    escapeHtml(words().t(`book.${key}`, { ...vars, lng: lang }));
  const step = stepOf(page.screen);
  const back = backPath(page);
  const switcher = languageSwitch(lang, (l) => withLang(path, l), 'book');
  const nav = [
    back ? `<a class="nav" href="${escapeHtml(withLang(back, lang))}" data-testid="book-back">${t('back')}</a>` : '',
    page.screen.kind === 'done' || page.notice
      ? `<a class="nav" href="${escapeHtml(withLang(stepPath(page.key), lang))}" data-testid="book-restart">${t('startOver')}</a>`
      : '',
  ].join('');
  const body = `<header>
<p class="station">${escapeHtml(page.stationName[lang])}</p>
<h1>${t('title')}</h1>
${step === null ? '' : `<p class="step">${t('step', { n: step })}</p>`}
</header>
<main id="book" data-step="${page.screen.kind}">${mainHtml(page, lang)}</main>
<footer>
${nav ? `<nav aria-label="${t('back')}">${nav}</nav>` : ''}
<nav aria-label="${t('language')}">${switcher}</nav>
</footer>`;
  return phoneDocument(
    lang,
    `${words().t('book.pageTitle', { lng: lang })} · ${page.stationName[lang]}`,
    body,
    BOOKING_CSS_PATH,
  );
}

/** The one answer for a link that is no station's booking page, in all three languages. */
export const INVALID_BOOKING_HTML = invalidLinkDocument('book.', 'book-invalid', BOOKING_CSS_PATH);
