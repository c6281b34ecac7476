/**
 * What a page really makes heard, observed, not replaced: an init script wraps the
 * Web Audio and Web Speech entry points to record each sound and then calls the
 * real ones. A speech sound is the PCM the offline voice (eSpeak NG in its worker)
 * produced, as handed to Web Audio: its length and loudness are measured in the
 * page, and its samples can be written out as a WAV for a person to listen to.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import { encodeWav } from '#tests/fixtures/audio/wav.ts';
import { ROOT } from './paths.ts';

/** Where the e2e run writes the announcements it heard, for people to listen to. */
export const AUDIO_DIR = `${ROOT}artifacts/audio`;

/** One buffer of sound played through Web Audio (the offline voice's speech). */
export interface HeardSound {
  /** performance.now() when it started, and when it ended (null while playing). */
  at: number;
  end: number | null;
  seconds: number;
  rms: number;
  /** Share of 20 ms windows louder than 0.02 RMS: speech is mostly voiced, a click is not. */
  voicedShare: number;
  sampleRate: number;
  /** Cut off by stop() before its end. */
  stopped: boolean;
}

export interface SoundRecording {
  /** Chime tones (oscillators). */
  tones: { at: number; hz: number }[];
  sounds: HeardSound[];
  /** Texts handed to the offline voice's engine, with its eSpeak NG voice. */
  engine: { at: number; text: string; voice: string }[];
  /** Texts handed to an OS voice. */
  osUtterances: { text: string; lang: string }[];
}

type Recorded = { __sound: SoundRecording; __soundSamples: Float32Array[] };

/** Runs in the page before the app (page.addInitScript / context.addInitScript). Self-contained. */
export function installSoundRecorder(): void {
  const rec: SoundRecording = { tones: [], sounds: [], engine: [], osUtterances: [] };
  const samples: Float32Array[] = [];
  Object.assign(window, { __sound: rec, __soundSamples: samples });

  const rmsOf = (data: Float32Array, from = 0, to = data.length) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += data[i]! * data[i]!;
    return to > from ? Math.sqrt(sum / (to - from)) : 0;
  };

  if ('speechSynthesis' in window) {
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    synth.speak = (u: SpeechSynthesisUtterance) => {
      rec.osUtterances.push({ text: u.text, lang: u.lang });
      speak(u);
    };
  }
  if (typeof Worker !== 'undefined') {
    const post = Worker.prototype.postMessage as (this: Worker, message: unknown, options?: unknown) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, options?: unknown) {
      if (message && typeof message === 'object' && 'text' in message && 'voice' in message) {
        const m = message as { text: string; voice: string };
        rec.engine.push({ at: performance.now(), text: m.text, voice: m.voice });
      }
      return post.call(this, message, options);
    } as typeof Worker.prototype.postMessage;
  }
  if (typeof OscillatorNode !== 'undefined') {
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      rec.tones.push({ at: performance.now(), hz: this.frequency.value });
      return start.call(this, when);
    };
  }
  if (typeof AudioBufferSourceNode !== 'undefined') {
    const entries = new WeakMap<AudioBufferSourceNode, HeardSound>();
    const start = AudioBufferSourceNode.prototype.start;
    const stop = AudioBufferSourceNode.prototype.stop;
    AudioBufferSourceNode.prototype.start = function (
      this: AudioBufferSourceNode,
      ...args: [number?, number?, number?]
    ) {
      const buffer = this.buffer;
      if (buffer) {
        const data = buffer.getChannelData(0);
        const window20ms = Math.max(1, Math.round(buffer.sampleRate * 0.02));
        let loud = 0;
        let windows = 0;
        for (let i = 0; i + window20ms <= data.length; i += window20ms, windows++)
          if (rmsOf(data, i, i + window20ms) > 0.02) loud++;
        const entry: HeardSound = {
          at: performance.now(),
          end: null,
          seconds: buffer.duration,
          rms: rmsOf(data),
          voicedShare: windows ? loud / windows : 0,
          sampleRate: buffer.sampleRate,
          stopped: false,
        };
        rec.sounds.push(entry);
        samples.push(data.slice());
        entries.set(this, entry);
        this.addEventListener('ended', () => {
          entry.end ??= performance.now();
        });
      }
      return start.apply(this, args);
    };
    AudioBufferSourceNode.prototype.stop = function (this: AudioBufferSourceNode, when?: number) {
      const entry = entries.get(this);
      if (entry && entry.end === null) entry.stopped = true;
      return stop.call(this, when);
    };
  }
}

export const soundRecording = (page: Page): Promise<SoundRecording> =>
  page.evaluate(() => (window as unknown as Recorded).__sound);

/** Writes the `index`-th heard sound as a 16-bit WAV under artifacts/audio/. */
export async function saveHeardSound(page: Page, index: number, name: string): Promise<string> {
  const { sampleRate, data } = await page.evaluate((i) => {
    const w = window as unknown as Recorded;
    return { sampleRate: w.__sound.sounds[i]!.sampleRate, data: Array.from(w.__soundSamples[i]!) };
  }, index);
  const file = `${AUDIO_DIR}/${name}.wav`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodeWav({ sampleRate, samples: Float32Array.from(data) }));
  return file;
}
