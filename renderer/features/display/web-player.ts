/**
 * The display's sounds: a two-tone chime from Web Audio (no sound files to ship)
 * and the announcement from the Web Speech API, in the station's language. Where a
 * runtime has no audio or no voice, each sound quietly does nothing, and every
 * promise still settles, so the announcement queue keeps moving.
 */
import type { AnnouncementPlayer } from './announcement-queue.ts';

/** What the player needs from the runtime; injected so it is unit-tested without a browser. */
export interface WebPlayerDeps {
  synth: SpeechSynthesis | undefined;
  createUtterance: ((text: string) => SpeechSynthesisUtterance) | undefined;
  createAudioContext: (() => AudioContext) | undefined;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function browserDeps(): WebPlayerDeps {
  const w = typeof window === 'undefined' ? undefined : window;
  const Ctx = w?.AudioContext;
  return {
    synth: w && 'speechSynthesis' in w ? w.speechSynthesis : undefined,
    createUtterance:
      typeof SpeechSynthesisUtterance === 'undefined' ? undefined : (text) => new SpeechSynthesisUtterance(text),
    createAudioContext: Ctx ? () => new Ctx() : undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** The chime: a falling two-note "ding-dong" (E5 → C5), the sound of a calling system. */
export const CHIME_TONES = [
  { hz: 659.25, start: 0, length: 0.45 },
  { hz: 523.25, start: 0.5, length: 0.8 },
] as const;
const CHIME_MS = 1400;

/**
 * How long a reading may take before we stop waiting for its 'end' event. Some
 * engines never fire it (Chromium drops the event when it loses the utterance).
 * A slow voice for older listeners reads about three Chinese characters a second,
 * or ten letters; the limit allows a margin over that.
 */
export function speechTimeoutMs(text: string): number {
  const chars = [...text];
  const cjk = chars.filter((c) => /[\u3000-\u9fff\uff00-\uffef]/.test(c)).length;
  return Math.min(20_000, 2_000 + 350 * cjk + 120 * (chars.length - cjk));
}

/** The voice that speaks `bcp47` best: that exact language, else the same language in another region. */
export function pickVoice(voices: readonly SpeechSynthesisVoice[], bcp47: string): SpeechSynthesisVoice | undefined {
  const norm = (l: string) => l.replace('_', '-').toLowerCase();
  const want = norm(bcp47);
  const primary = want.split('-')[0] ?? want;
  return (
    voices.find((v) => norm(v.lang) === want) ??
    voices.find((v) => norm(v.lang).startsWith(want)) ??
    voices.find((v) => norm(v.lang).split('-')[0] === primary)
  );
}

export interface WebPlayer extends AnnouncementPlayer {
  cancel(): void;
  /** Releases the audio context (the screen is closing). */
  close(): void;
}

/** A player that speaks in `bcp47` (e.g. 'zh-CN'). */
export function createWebPlayer(bcp47: string, deps: WebPlayerDeps = browserDeps()): WebPlayer {
  let audio: AudioContext | null = null;
  // Chromium may garbage-collect an utterance that is still speaking, and then never
  // fires its 'end': holding a reference until it settles prevents that.
  const speaking = new Set<SpeechSynthesisUtterance>();

  const wait = (ms: number) => new Promise<void>((resolve) => deps.setTimeout(resolve, ms));

  function context(): AudioContext | null {
    if (audio || !deps.createAudioContext) return audio;
    try {
      audio = deps.createAudioContext();
    } catch {
      // No audio device, or audio disabled: the display stays silent but keeps calling.
      audio = null;
    }
    return audio;
  }

  async function chime(): Promise<void> {
    const ctx = context();
    if (!ctx) return;
    if (ctx.state === 'suspended') {
      // Without a user gesture a browser may keep audio suspended; resume() may then
      // never settle, so it gets a short deadline.
      await Promise.race([ctx.resume().catch(() => undefined), wait(500)]);
    }
    if (ctx.state !== 'running') return;
    const t0 = ctx.currentTime + 0.05;
    for (const tone of CHIME_TONES) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = tone.hz;
      const start = t0 + tone.start;
      const end = start + tone.length;
      // A quick rise and an exponential fade sound like a bell, without clicks.
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.6, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, end);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start);
      osc.stop(end + 0.05);
    }
    await wait(CHIME_MS);
  }

  function speak(text: string): Promise<void> {
    const synth = deps.synth;
    if (!synth || !deps.createUtterance || !text.trim()) return Promise.resolve();
    const utterance = deps.createUtterance(text);
    utterance.lang = bcp47;
    utterance.rate = 0.85; // slower than default, for older listeners across a room
    const voice = pickVoice(synth.getVoices(), bcp47);
    if (voice) utterance.voice = voice;
    return new Promise<void>((resolve) => {
      const done = () => {
        deps.clearTimeout(timer);
        speaking.delete(utterance);
        resolve();
      };
      utterance.onend = done;
      // No voice for the language, audio busy, or not allowed: settle and move on.
      utterance.onerror = done;
      // Declared after `done` on purpose: nothing can call `done` before this line runs.
      const timer = deps.setTimeout(done, speechTimeoutMs(text));
      speaking.add(utterance);
      try {
        synth.speak(utterance);
      } catch {
        done();
      }
    });
  }

  return {
    chime,
    speak,
    cancel: () => deps.synth?.cancel(),
    close: () => {
      deps.synth?.cancel();
      void audio?.close().catch(() => undefined);
      audio = null;
    },
  };
}
