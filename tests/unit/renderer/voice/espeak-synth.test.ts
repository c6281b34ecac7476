/**
 * The offline voice's engine, for real: eSpeak NG's WebAssembly build, the same
 * file the renderer bundles, run in Node through the same function the worker
 * calls. What it writes must be speech: loud enough, long enough for the words.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import createESpeakNg from 'espeak-ng';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWav, rms, voicedShare } from '#tests/fixtures/audio/wav.ts';
import { synthesizeWav } from '#renderer/voice/espeak-synth.ts';
import { OFFLINE_VOICES } from '#renderer/voice/voice-choice.ts';

let compiled: WebAssembly.Module;
beforeAll(async () => {
  const wasm = createRequire(import.meta.url).resolve('espeak-ng/dist/espeak-ng.wasm');
  compiled = await WebAssembly.compile(await readFile(wasm));
});

const read = async (text: string, voice: string) =>
  parseWav(await synthesizeWav(createESpeakNg, compiled, text, voice));

describe('eSpeak NG, as the offline voice runs it', () => {
  it.each([
    ['zh-Hans', '请 B 零零一 号到 2号窗口'],
    ['zh-Hant', '請 B 零零一 號到 2號窗口'],
    ['en', 'Number B zero zero one, please go to Counter 2'],
  ] as const)('reads a %s call aloud: speech, seconds long', async (lang, text) => {
    const pcm = await read(text, OFFLINE_VOICES[lang].id);
    const seconds = pcm.samples.length / pcm.sampleRate;
    expect(seconds, 'a number and a window take time to say').toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(10);
    expect(rms(pcm.samples)).toBeGreaterThan(0.03);
    expect(voicedShare(pcm), 'most of it is voice, not silence').toBeGreaterThan(0.5);
    // Spoken at a level that does not clip (clipping makes consonants harder to tell apart).
    expect(Math.max(...pcm.samples.map(Math.abs))).toBeLessThan(0.99);
  });

  it('takes longer to say more', async () => {
    const short = await read('请 B 零零一 号', 'cmn');
    const long = await read('请 B 零零一 号到 2号窗口。请 B 零零二 号到 3号窗口', 'cmn');
    expect(long.samples.length).toBeGreaterThan(short.samples.length * 1.5);
  });

  it('reads text that looks like an option as text', async () => {
    const pcm = await read('-v en --help', 'en-us');
    expect(pcm.samples.length / pcm.sampleRate).toBeGreaterThan(0.8);
  });
});
