/**
 * Which voice speaks a language: the operating system's, when it has a good one,
 * else the offline voice shipped with the app. Pure, so the rule is unit-tested.
 *
 * "Good" means local (a voice that needs the network — Chromium's "Google …" voices
 * report `localService: false` — falls silent exactly when a station is offline) and
 * in the language and script the screen shows: a Taiwan voice does not read
 * 简体 as a mainland listener expects, and a French voice never reads Chinese.
 */
import type { Lang } from '#protocol/languages.ts';
import { SPEECH_LANG } from '#renderer/i18n/i18n.ts';

/** The parts of a SpeechSynthesisVoice the choice looks at. */
export interface OsVoiceInfo {
  name: string;
  lang: string;
  localService: boolean;
  default: boolean;
}

/** A voice of the bundled eSpeak NG engine. */
export interface OfflineVoice {
  /** eSpeak NG's voice name. */
  id: string;
  /** What a technician reads in diagnostics. */
  name: string;
}

/**
 * The bundled voices. 繁體 is read in Mandarin (cmn reads traditional characters with
 * the same pronunciations as simplified, checked with `espeak-ng --ipa`), matching the
 * zh-TW speech language of the app; the Cantonese voice (yue) stays unused.
 */
export const OFFLINE_VOICES: Record<Lang, OfflineVoice> = {
  'zh-Hans': { id: 'cmn', name: 'eSpeak NG 普通话 (cmn)' },
  'zh-Hant': { id: 'cmn', name: 'eSpeak NG 普通话 (cmn)' },
  en: { id: 'en-us', name: 'eSpeak NG English (en-us)' },
};

export type VoiceChoice<V extends OsVoiceInfo = OsVoiceInfo> =
  { kind: 'os'; voice: V } | { kind: 'offline'; voice: OfflineVoice };

interface Tag {
  language: string;
  script: string | null;
  region: string | null;
}

function parseTag(tag: string): Tag {
  const parts = tag.replace(/_/g, '-').toLowerCase().split('-');
  const rest = parts.slice(1);
  return {
    language: parts[0] ?? '',
    script: rest.find((p) => p.length === 4) ?? null,
    region: rest.find((p) => p.length === 2 || /^\d{3}$/.test(p)) ?? null,
  };
}

const HANS_REGIONS = new Set(['cn', 'sg']);
const HANT_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * How well a voice tag fits a UI language: 0 is the app's own speech language
 * (zh-CN, zh-TW, en-US), 1 another fitting one, null none.
 */
export function voiceFit(voiceLang: string, lang: Lang): 0 | 1 | null {
  const tag = parseTag(voiceLang);
  const want = parseTag(SPEECH_LANG[lang]);
  if (tag.language === want.language && tag.region === want.region && (tag.script ?? '') === '') return 0;
  if (lang === 'en') return tag.language === 'en' ? 1 : null;
  const chinese = tag.language === 'zh' || tag.language === 'cmn' || tag.language === 'yue';
  if (!chinese) return null;
  if (lang === 'zh-Hans') {
    if (tag.language === 'yue') return null;
    if (tag.script === 'hans' || (tag.region !== null && HANS_REGIONS.has(tag.region))) return 1;
    // A bare "zh" or "cmn" voice is Mandarin reading simplified characters.
    return tag.script === null && tag.region === null ? 1 : null;
  }
  return tag.script === 'hant' || (tag.region !== null && HANT_REGIONS.has(tag.region)) ? 1 : null;
}

/** The voice for `lang`: the best-fitting local OS voice (its default first), else the offline voice. */
export function chooseVoice<V extends OsVoiceInfo>(voices: readonly V[], lang: Lang): VoiceChoice<V> {
  let best: { voice: V; rank: number } | null = null;
  for (const voice of voices) {
    if (!voice.localService) continue;
    const fit = voiceFit(voice.lang, lang);
    if (fit === null) continue;
    const rank = fit * 2 + (voice.default ? 0 : 1);
    if (!best || rank < best.rank) best = { voice, rank };
  }
  return best ? { kind: 'os', voice: best.voice } : { kind: 'offline', voice: OFFLINE_VOICES[lang] };
}
