/**
 * The display's sounds: a two-tone chime from Web Audio (no sound files to ship)
 * and the announcement read by the app's voice (renderer/voice: the OS voice where
 * the machine has a good one, else the bundled offline voice), in the station's
 * language. Where a runtime has no audio, the chime quietly does nothing, and every
 * promise settles, so the announcement queue keeps moving.
 */
import type { Lang } from '#protocol/languages.ts';
import { appVoice } from '#renderer/voice/app-voice.ts';
import type { Voice } from '#renderer/voice/voice.ts';
import type { AnnouncementPlayer } from './announcement-queue.ts';

/** What the player needs from the runtime; injected so it is unit-tested without a browser. */
export interface WebPlayerDeps {
  voice: Pick<Voice, 'speak' | 'stop' | 'prepare'>;
  createAudioContext: (() => AudioContext) | undefined;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function browserDeps(): WebPlayerDeps {
  const Ctx = typeof window === 'undefined' ? undefined : window.AudioContext;
  return {
    voice: appVoice(),
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

export interface WebPlayer extends AnnouncementPlayer {
  cancel(): void;
  /** Releases the audio context (the screen is closing). */
  close(): void;
}

/** A player that speaks in `lang`. */
export function createWebPlayer(lang: Lang, deps: WebPlayerDeps = browserDeps()): WebPlayer {
  let audio: AudioContext | null = null;
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

  return {
    chime,
    // The voice settles when the words have been read, and rejects when they cannot
    // be heard: the queue logs that and moves on.
    speak: (text) => deps.voice.speak(text, lang),
    prepare: (text) => deps.voice.prepare(text, lang),
    cancel: () => deps.voice.stop(),
    close: () => {
      deps.voice.stop();
      void audio?.close().catch(() => undefined);
      audio = null;
    },
  };
}
