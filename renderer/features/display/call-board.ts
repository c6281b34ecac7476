/**
 * What the calling display shows and says, from the day's tickets. Pure, so the
 * wording and the choice of what is on screen are unit-tested without a browser.
 */
import type { TFunction } from 'i18next';
import type { Lang } from '#protocol/languages.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import type { Announcement, QueueState } from './announcement-queue.ts';

/** One call of one ticket, ready to show and to announce. */
export interface DisplayCall extends Announcement {
  ticketId: string;
  number: string;
  callCount: number;
  /** A priority-lane ticket, marked on the board. */
  priority: boolean;
  /** Where to go, in the screen's language; null when the station does not say. */
  place: string | null;
}

/**
 * A call is one (ticket, callCount): a recall counts up, so it is a new call. The
 * time is part of the key because a transfer or reactivation restarts callCount at
 * 0, and the ticket's next call must still be announced.
 */
export function callKey(ticket: Pick<TicketDoc, 'id' | 'callCount' | 'calledAt'>): string {
  return `${ticket.id}#${ticket.callCount}@${ticket.calledAt ?? 0}`;
}

/** The counter the ticket was called to, or else where its queue is served; null when neither is known. */
export function placeName(
  station: Pick<StationDoc, 'counters' | 'queues'>,
  ticket: Pick<TicketDoc, 'counter' | 'queue'>,
  lang: Lang,
): string | null {
  const counter = ticket.counter ? station.counters?.find((c) => c.id === ticket.counter) : undefined;
  if (counter) return counter.name[lang];
  const queue = station.queues.find((q) => q.letter === ticket.queue);
  return queue ? queue.location[lang] : null;
}

/**
 * The number as it should be read aloud. Read whole, "A023" comes out as "A
 * twenty-three" (or, in Chinese, 二十三 and 零二十三 depending on the voice), which a
 * listener cannot match with the printed ticket; digit by digit it is "A 零二三" /
 * "A zero two three", the way counters in China call numbers. The digit words come
 * from the locale (`display:digits`), so every language says them its own way.
 */
export function spokenNumber(number: string, t: TFunction, lang: Lang): string {
  const words = t('display:digits').split(',');
  const letters = number.replace(/\d/g, '');
  const digits = [...number.replace(/\D/g, '')].map((d) => words[Number(d)] ?? d);
  // Chinese digit words run together (零二三); English ones need spaces.
  const spelled = digits.join(lang === 'en' ? ' ' : '');
  return letters ? `${letters} ${spelled}` : spelled;
}

/** "请 A 零二三 号到 2号窗口" / "Number A zero two three, please go to Counter 2". */
export function announcementText(number: string, place: string | null, t: TFunction, lang: Lang): string {
  return t('display:announce', { number: spokenNumber(number, t, lang), place: place ?? t('display:frontDesk') });
}

export interface CallLanguages {
  /** The language the screen shows places in. */
  show: Lang;
  /** The language announcements are spoken in: the station's. */
  speak: Lang;
  /** i18next's `t` fixed to `speak`. */
  speakT: TFunction;
}

/** Every call of the day's tickets, newest first. */
export function callsFromTickets(
  tickets: readonly TicketDoc[],
  station: Pick<StationDoc, 'counters' | 'queues'>,
  langs: CallLanguages,
): DisplayCall[] {
  return tickets
    .filter(
      (ticket): ticket is TicketDoc & { calledAt: number } => ticket.calledAt !== undefined && ticket.callCount > 0,
    )
    .sort((a, b) => b.calledAt - a.calledAt || b.number.localeCompare(a.number))
    .map((ticket) => ({
      key: callKey(ticket),
      calledAt: ticket.calledAt,
      ticketId: ticket.id,
      number: ticket.number,
      callCount: ticket.callCount,
      priority: ticket.priority,
      place: placeName(station, ticket, langs.show),
      text: announcementText(ticket.number, placeName(station, ticket, langs.speak), langs.speakT, langs.speak),
    }));
}

export interface Board {
  /** The big call: the one being announced, else the latest one announced or shown. */
  current: DisplayCall | null;
  /** The calls before it, newest first, one line per ticket. */
  history: DisplayCall[];
}

/**
 * What the screen shows. A call still waiting to be announced is not on screen yet,
 * so what people see always matches what they hear.
 */
export function boardOf(
  calls: readonly DisplayCall[],
  queue: Pick<QueueState<DisplayCall>, 'playing' | 'pending'>,
  historySize = 6,
): Board {
  const waiting = new Set(queue.pending.map((c) => c.key));
  const shown = calls.filter((c) => !waiting.has(c.key));
  const current = queue.playing ?? shown[0] ?? null;
  const history = shown.filter((c) => c.ticketId !== current?.ticketId).slice(0, historySize);
  return { current, history };
}
