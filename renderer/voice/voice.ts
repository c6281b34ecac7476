/**
 * The app's one voice, used by "read aloud" and by the calling display. It speaks
 * through the operating system's voice when the machine has a good local one for
 * the language (voice-choice.ts), and otherwise through the bundled offline voice,
 * eSpeak NG compiled to WebAssembly, played through Web Audio — because a stock
 * Linux station PC has no OS voice at all, and a station is often offline.
 *
 * Why a synthesiser and not prerecorded clips of digits and "请…号到…号窗口", as
 * government halls play: clips only sound better when a person records them, and
 * the project has no recordings; clips cut from this same engine would sound the
 * same as the engine, only with the seams of splicing and without the sentence's
 * intonation. The synthesiser also reads every screen, which clips never could.
 * For older ears it speaks slowly, lower and unclipped (ESPEAK_STYLE), and the
 * display reads each call twice.
 *
 * One reading at a time: speak() replaces whatever is being read.
 */
import type { Lang } from '#protocol/languages.ts';
import { SPEECH_LANG } from '#renderer/i18n/i18n.ts';
import type { OfflineEngine } from './offline-engine.ts';
import { speechChunks, speechTimeoutMs } from './speech-text.ts';
import { chooseVoice, OFFLINE_VOICES, type VoiceChoice } from './voice-choice.ts';

/** Which voice speaks a language, as a technician reads it. */
export type VoiceInUse = { kind: 'os'; name: string; lang: string } | { kind: 'offline'; name: string };

export interface VoiceState {
  /** True from the moment reading is asked for until it ends or is stopped. */
  speaking: boolean;
  /** The engine of the current (or last) reading. */
  engine: 'os' | 'offline' | null;
  /** The last reading could not be heard (no audio device, audio blocked, engine broken). */
  failed: boolean;
}

export interface Voice {
  /** Reads `text` in `lang`, replacing any reading; settles when it has been read or stopped, rejects if it cannot be heard. */
  speak(text: string, lang: Lang): Promise<void>;
  /** Stops reading now. */
  stop(): void;
  /** The voice that reads `lang` on this machine. */
  inUse(lang: Lang): Promise<VoiceInUse>;
  /** Loads whatever reading `lang` will need, so the first reading starts sooner. */
  warmUp(lang: Lang): void;
  /** Gets `text` ready to be read soon (the offline voice synthesises its first piece ahead). */
  prepare(text: string, lang: Lang): void;
  getState(): VoiceState;
  subscribe(listener: () => void): () => void;
}

/** What the voice needs from the runtime; injected so it is unit-tested without a browser. */
export interface VoiceDeps {
  synth: SpeechSynthesis | undefined;
  createUtterance: ((text: string) => SpeechSynthesisUtterance) | undefined;
  offline: OfflineEngine;
  createAudioContext: (() => AudioContext) | undefined;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Chromium lists OS voices a moment after start ('voiceschanged'); how long we wait for that once. */
const VOICES_WAIT_MS = 300;
/** A suspended audio context that does not resume within this is taken as blocked. */
const RESUME_WAIT_MS = 500;
/** A little slower than the OS default, for older listeners. */
const OS_RATE = 0.85;

const IDLE: VoiceState = { speaking: false, engine: null, failed: false };

export function createVoice(deps: VoiceDeps): Voice {
  let state: VoiceState = IDLE;
  const listeners = new Set<() => void>();
  /** Each reading's number; a reading whose number is not current has been replaced or stopped. */
  let generation = 0;
  let voicesSettled = false;
  /** OS voices that failed to speak: they are not chosen again in this session. */
  const brokenOsVoices = new Set<string>();
  let audio: AudioContext | null = null;
  let playing: { source: AudioBufferSourceNode; done(): void } | null = null;
  // Chromium may garbage-collect an utterance that is still speaking, and then never
  // fires its 'end': holding a reference until it settles prevents that.
  const utterances = new Set<SpeechSynthesisUtterance>();

  function update(patch: Partial<VoiceState>): void {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  }

  const wait = (ms: number) => new Promise<void>((resolve) => deps.setTimeout(resolve, ms));

  async function osVoices(): Promise<SpeechSynthesisVoice[]> {
    const synth = deps.synth;
    if (!synth || !deps.createUtterance) return [];
    if (!voicesSettled && synth.getVoices().length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          synth.removeEventListener('voiceschanged', done);
          resolve();
        };
        synth.addEventListener('voiceschanged', done);
        deps.setTimeout(done, VOICES_WAIT_MS);
      });
    }
    voicesSettled = true;
    return synth.getVoices().filter((v) => !brokenOsVoices.has(v.voiceURI || v.name));
  }

  async function choose(lang: Lang): Promise<VoiceChoice<SpeechSynthesisVoice>> {
    return chooseVoice(await osVoices(), lang);
  }

  /** Speaks one piece with an OS voice; false if the voice failed (not if it was stopped). */
  function speakOs(text: string, voice: SpeechSynthesisVoice, lang: Lang): Promise<boolean> {
    const synth = deps.synth!;
    const utterance = deps.createUtterance!(text);
    utterance.lang = SPEECH_LANG[lang];
    utterance.voice = voice;
    utterance.rate = OS_RATE;
    return new Promise<boolean>((resolve) => {
      const settle = (ok: boolean) => {
        deps.clearTimeout(timer);
        utterances.delete(utterance);
        resolve(ok);
      };
      utterance.onend = () => settle(true);
      utterance.onerror = (event: SpeechSynthesisErrorEvent) =>
        settle(event.error === 'interrupted' || event.error === 'canceled');
      // Declared after `settle` on purpose: nothing can call `settle` before this line runs.
      const timer = deps.setTimeout(() => settle(true), speechTimeoutMs(text));
      utterances.add(utterance);
      try {
        synth.speak(utterance);
      } catch {
        settle(false);
      }
    });
  }

  async function runningContext(): Promise<AudioContext> {
    if (!audio) {
      if (!deps.createAudioContext) throw new Error('this runtime has no Web Audio');
      audio = deps.createAudioContext();
    }
    if (audio.state === 'suspended') {
      // Without a user gesture a browser may keep audio suspended; resume() may then
      // never settle, so it gets a short deadline.
      await Promise.race([audio.resume().catch(() => undefined), wait(RESUME_WAIT_MS)]);
    }
    if (audio.state !== 'running') throw new Error(`audio output is ${audio.state}, not running`);
    return audio;
  }

  /** Plays one piece of WAV to its end (or until stopped). */
  async function play(wav: ArrayBuffer, reading: number): Promise<void> {
    const ctx = await runningContext();
    const buffer = await ctx.decodeAudioData(wav);
    if (reading !== generation) return;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    await new Promise<void>((resolve) => {
      const done = () => {
        deps.clearTimeout(timer);
        if (playing?.source === source) playing = null;
        resolve();
      };
      source.onended = done;
      // 'ended' is reliable in Web Audio, but a queue must never hang on it.
      const timer = deps.setTimeout(done, buffer.duration * 1000 + 2_000);
      playing = { source, done };
      source.start();
    });
  }

  async function speakOffline(chunks: readonly string[], voiceId: string, reading: number): Promise<void> {
    // The next piece is synthesised while the current one plays.
    let next = deps.offline.synthesize(chunks[0]!, voiceId);
    for (let i = 0; i < chunks.length; i++) {
      const wav = await next;
      if (reading !== generation) return;
      if (i + 1 < chunks.length) {
        next = deps.offline.synthesize(chunks[i + 1]!, voiceId);
        next.catch(() => undefined); // awaited on the next turn; a stop must not leave it unhandled
      }
      await play(wav, reading);
      if (reading !== generation) return;
    }
  }

  async function speak(text: string, lang: Lang): Promise<void> {
    stop();
    const reading = generation;
    const chunks = speechChunks(text);
    if (chunks.length === 0) return;
    update({ speaking: true, failed: false, engine: null });
    try {
      const choice = await choose(lang);
      if (reading !== generation) return;
      let rest = chunks;
      if (choice.kind === 'os') {
        update({ engine: 'os' });
        while (rest.length > 0 && reading === generation) {
          if (!(await speakOs(rest[0]!, choice.voice, lang))) {
            // A voice that is listed but cannot speak: the offline voice reads the rest.
            brokenOsVoices.add(choice.voice.voiceURI || choice.voice.name);
            break;
          }
          rest = rest.slice(1);
        }
      }
      if (rest.length > 0 && reading === generation) {
        update({ engine: 'offline' });
        await speakOffline(rest, OFFLINE_VOICES[lang].id, reading);
      }
    } catch (error) {
      if (reading === generation) update({ failed: true });
      throw error;
    } finally {
      if (reading === generation) update({ speaking: false });
    }
  }

  function stop(): void {
    generation++;
    if (utterances.size > 0) deps.synth?.cancel();
    const current = playing;
    playing = null;
    if (current) {
      try {
        current.source.stop();
      } catch {
        // Not started yet, or already over.
      }
      current.done();
    }
    if (state.speaking) update({ speaking: false });
  }

  return {
    speak,
    stop,
    async inUse(lang) {
      const choice = await choose(lang);
      return choice.kind === 'os'
        ? { kind: 'os', name: choice.voice.name, lang: choice.voice.lang }
        : { kind: 'offline', name: choice.voice.name };
    },
    warmUp(lang) {
      // Only a head start: where the offline engine cannot start (no Worker), the
      // resident's tap still asks for the reading and is told when it cannot be heard.
      void choose(lang)
        .then((choice) => {
          if (choice.kind === 'offline') deps.offline.warmUp();
        })
        .catch(() => undefined);
    },
    prepare(text, lang) {
      const first = speechChunks(text)[0];
      if (first === undefined) return;
      void choose(lang).then((choice) => {
        if (choice.kind === 'offline') deps.offline.synthesize(first, choice.voice.id).catch(() => undefined);
      });
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
