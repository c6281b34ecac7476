/**
 * Reading the screen aloud in the screen's language (EN 301 549 5.1.3.14), through
 * the app's voice: the OS voice where the machine has a good one, else the offline
 * voice shipped with the app (renderer/voice).
 */
import type { Lang } from '#protocol/languages.ts';
import { appVoice } from '#renderer/voice/app-voice.ts';
import { createLogger } from './logger.ts';

const log = createLogger('app/speech');

/** Speaks `text` in `lang`, replacing anything being read now. The button shows when it cannot be heard. */
export function speak(text: string, lang: Lang): void {
  appVoice()
    .speak(text, lang)
    .catch((error: unknown) => log.warn('reading aloud could not be heard', error));
}

export function stopSpeaking(): void {
  appVoice().stop();
}

/** The visible words of the main region, top to bottom, as one text to read. */
export function screenText(lang: Lang, root: ParentNode = document): string {
  const main = root.querySelector<HTMLElement>('main');
  const lines = (main?.innerText ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A sentence break between lines makes the voice pause as a reader would; a line
  // that already ends a sentence gets no second mark.
  const mark = lang === 'en' ? '.' : '。';
  return lines.map((l) => (/[.!?。！？；;:：]$/u.test(l) ? l : `${l}${mark}`)).join(lang === 'en' ? ' ' : '');
}
