/**
 * Reading the screen aloud with the Web Speech API, in the screen's language
 * (EN 301 549 5.1.3.14). Where no voice exists it does nothing, quietly.
 */
import type { Lang } from '#protocol/languages.ts';
import { SPEECH_LANG } from '#renderer/i18n/i18n.ts';

function synth(): SpeechSynthesis | undefined {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined;
}

/** Whether this runtime can speak at all. */
export function canSpeak(): boolean {
  return synth() !== undefined && typeof SpeechSynthesisUtterance !== 'undefined';
}

/** Speaks `text` in `lang`, replacing anything being read now. */
export function speak(text: string, lang: Lang): void {
  const s = synth();
  if (!s || !canSpeak() || !text.trim()) return;
  s.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = SPEECH_LANG[lang];
  utterance.rate = 0.9; // a little slower than default, for older listeners
  const voice = s.getVoices().find((v) => v.lang.replace('_', '-').startsWith(SPEECH_LANG[lang]));
  if (voice) utterance.voice = voice;
  s.speak(utterance);
}

export function stopSpeaking(): void {
  synth()?.cancel();
}

/** The visible words of the main region, top to bottom, as one text to read. */
export function screenText(lang: Lang, root: ParentNode = document): string {
  const main = root.querySelector<HTMLElement>('main');
  const lines = (main?.innerText ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A sentence break between lines makes the voice pause as a reader would.
  return lines.join(lang === 'en' ? '. ' : '。');
}
