/**
 * The app's voice with its runtime replaced by fakes that keep time: which engine
 * reads, what it is given, that the "speaking" state is true exactly while something
 * is heard, and that every reading settles.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfflineEngine } from '#renderer/voice/offline-engine.ts';
import { createVoice, type VoiceDeps } from '#renderer/voice/voice.ts';

interface FakeUtterance {
  text: string;
  lang: string;
  rate: number;
  voice: SpeechSynthesisVoice | null;
  onend: (() => void) | null;
  onerror: ((e: { error: string }) => void) | null;
}

const osVoice = (lang: string, name = lang) =>
  ({ lang, name, voiceURI: name, localService: true, default: false }) as SpeechSynthesisVoice;

/** An OS speech engine that answers each utterance as `behaviour` says, after 2 s. */
function fakeSynth(behaviour: 'end' | 'fail' | 'silent', voices: SpeechSynthesisVoice[] = []) {
  const spoken: FakeUtterance[] = [];
  const listeners = new Set<() => void>();
  const synth = {
    voices,
    getVoices: () => synth.voices,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    voicesArrive(v: SpeechSynthesisVoice[]) {
      synth.voices = v;
      for (const l of [...listeners]) l();
    },
    speak: (u: FakeUtterance) => {
      spoken.push(u);
      if (behaviour === 'end') setTimeout(() => u.onend?.(), 2_000);
      if (behaviour === 'fail') setTimeout(() => u.onerror?.({ error: 'synthesis-failed' }), 10);
    },
    cancel: vi.fn(() => {
      for (const u of spoken) u.onerror?.({ error: 'interrupted' });
    }),
  };
  return { synth, spoken };
}

/** The offline engine: each reading takes 300 ms and lasts 100 ms of audio per character. */
function fakeOffline(fail = false) {
  const asked: { text: string; voice: string }[] = [];
  const engine: OfflineEngine = {
    synthesize: (text, voice) => {
      asked.push({ text, voice });
      return new Promise((resolve, reject) =>
        setTimeout(() => (fail ? reject(new Error('engine broken')) : resolve(new ArrayBuffer([...text].length))), 300),
      );
    },
    warmUp: vi.fn(),
  };
  return { engine, asked };
}

/** An audio context whose sources end after their buffer's duration (100 ms per byte). */
function fakeAudio(state: 'running' | 'suspended' = 'running') {
  const played: { seconds: number; startedAt: number; stopped: boolean }[] = [];
  const ctx = {
    state,
    destination: {},
    resume: () => new Promise<void>(() => undefined),
    decodeAudioData: (wav: ArrayBuffer) => Promise.resolve({ duration: wav.byteLength / 10 }),
    createBufferSource: () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const source = {
        buffer: null as { duration: number } | null,
        onended: null as (() => void) | null,
        connect: vi.fn(),
        start: () => {
          const entry = { seconds: source.buffer!.duration, startedAt: Date.now(), stopped: false };
          played.push(entry);
          source.stop = () => {
            entry.stopped = true;
            clearTimeout(timer);
            source.onended?.();
          };
          timer = setTimeout(() => source.onended?.(), source.buffer!.duration * 1000);
        },
        stop: () => undefined,
      };
      return source;
    },
  };
  return { ctx, played, create: () => ctx as unknown as AudioContext };
}

function voiceWith(patch: Partial<VoiceDeps> & { synth?: unknown }) {
  const deps: VoiceDeps = {
    synth: undefined,
    createUtterance: (text) =>
      ({ text, lang: '', rate: 1, voice: null, onend: null, onerror: null }) as unknown as SpeechSynthesisUtterance,
    offline: fakeOffline().engine,
    createAudioContext: fakeAudio().create,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    ...(patch as Partial<VoiceDeps>),
  };
  return createVoice(deps);
}

/** Runs fake time until `promise` settles; returns how long it took. */
async function timed(promise: Promise<unknown>): Promise<number> {
  const start = Date.now();
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 600 && !done; i++) await vi.advanceTimersByTimeAsync(50);
  expect(done).toBe(true);
  return Date.now() - start;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('reading aloud on a machine without OS voices', () => {
  it('reads through the offline voice, heard through Web Audio, and is "speaking" exactly until the sound ends', async () => {
    const { synth } = fakeSynth('end', []);
    const offline = fakeOffline();
    const audio = fakeAudio();
    const voice = voiceWith({ synth: synth as never, offline: offline.engine, createAudioContext: audio.create });
    const states: boolean[] = [];
    voice.subscribe(() => states.push(voice.getState().speaking));

    const reading = voice.speak('请 B 零零一 号到 2号窗口', 'zh-Hans');
    expect(voice.getState().speaking).toBe(true);
    const took = await timed(reading);
    expect(offline.asked).toEqual([{ text: '请 B 零零一 号到 2号窗口', voice: 'cmn' }]);
    expect(audio.played).toHaveLength(1);
    // 16 characters → 1.6 s of (fake) audio, after 300 ms of synthesis and 300 ms waiting for voices.
    expect(took).toBeGreaterThanOrEqual(1_600);
    expect(voice.getState()).toMatchObject({ speaking: false, engine: 'offline', failed: false });
    expect(states.at(-1)).toBe(false);
    await expect(voice.inUse('zh-Hans')).resolves.toEqual({ kind: 'offline', name: 'eSpeak NG 普通话 (cmn)' });
  });

  it('reads English with the English offline voice', async () => {
    const offline = fakeOffline();
    const voice = voiceWith({ offline: offline.engine });
    await timed(voice.speak('Number B zero zero one, please go to Counter 2', 'en'));
    expect(offline.asked.map((a) => a.voice)).toEqual(['en-us']);
  });

  it('reads a long screen piece by piece, synthesising the next piece while one plays', async () => {
    const offline = fakeOffline();
    const audio = fakeAudio();
    const voice = voiceWith({ offline: offline.engine, createAudioContext: audio.create });
    const text = Array.from({ length: 6 }, (_, i) => `第${i + 1}句话，家庭医生签约服务请带好身份证和医保卡。`).join('');
    const reading = voice.speak(text, 'zh-Hans');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(audio.played).toHaveLength(1);
    expect(offline.asked.length, 'the second piece is on its way while the first plays').toBe(2);
    await timed(reading);
    expect(
      offline.asked
        .map((a) => a.text)
        .join('')
        .replace(/ /g, ''),
    ).toBe(text);
    for (let i = 1; i < audio.played.length; i++)
      expect(audio.played[i]!.startedAt).toBeGreaterThanOrEqual(
        audio.played[i - 1]!.startedAt + audio.played[i - 1]!.seconds * 1000,
      );
  });

  it('stops at once when asked (tap again, or leaving the screen)', async () => {
    const audio = fakeAudio();
    const voice = voiceWith({ createAudioContext: audio.create });
    const reading = voice.speak('您好！您想办什么事？点一下下面的大按钮', 'zh-Hans');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(audio.played).toHaveLength(1);
    voice.stop();
    expect(voice.getState().speaking).toBe(false);
    expect(audio.played[0]!.stopped).toBe(true);
    expect(await timed(reading)).toBeLessThanOrEqual(100);
  });

  it('a new reading replaces the one being read', async () => {
    const offline = fakeOffline();
    const audio = fakeAudio();
    const voice = voiceWith({ offline: offline.engine, createAudioContext: audio.create });
    const first = voice.speak('第一屏的内容很长很长很长', 'zh-Hans');
    await vi.advanceTimersByTimeAsync(1_000);
    const second = voice.speak('第二屏', 'zh-Hans');
    await timed(Promise.all([first, second]));
    expect(audio.played[0]!.stopped).toBe(true);
    expect(audio.played).toHaveLength(2);
    expect(voice.getState().speaking).toBe(false);
  });

  it('says it failed when audio is not allowed to start, and settles soon', async () => {
    const voice = voiceWith({ createAudioContext: fakeAudio('suspended').create });
    const reading = voice.speak('请', 'zh-Hans');
    const rejected = expect(reading).rejects.toThrow(/suspended/);
    expect(await timed(reading)).toBeLessThanOrEqual(1_500);
    await rejected;
    expect(voice.getState()).toMatchObject({ speaking: false, failed: true });
  });

  it('says it failed when the offline engine cannot read', async () => {
    const voice = voiceWith({ offline: fakeOffline(true).engine });
    const reading = voice.speak('请', 'zh-Hans');
    const rejected = expect(reading).rejects.toThrow('engine broken');
    await timed(reading);
    await rejected;
    expect(voice.getState().failed).toBe(true);
  });

  it('reads nothing, and is never "speaking", for a blank text', async () => {
    const offline = fakeOffline();
    const voice = voiceWith({ offline: offline.engine });
    await voice.speak('  ', 'zh-Hans');
    expect(offline.asked).toEqual([]);
    expect(voice.getState().speaking).toBe(false);
  });
});

describe('reading aloud where the machine has a good OS voice', () => {
  it('speaks through the OS voice of the language, slowly, and not through the offline voice', async () => {
    const { synth, spoken } = fakeSynth('end', [osVoice('en-US'), osVoice('zh_CN', 'Mandarin')]);
    const offline = fakeOffline();
    const voice = voiceWith({ synth: synth as never, offline: offline.engine });
    const took = await timed(voice.speak('请 B 零零一 号到 2号窗口', 'zh-Hans'));
    expect(spoken).toHaveLength(1);
    expect(spoken[0]).toMatchObject({ text: '请 B 零零一 号到 2号窗口', lang: 'zh-CN' });
    expect(spoken[0]!.voice?.name).toBe('Mandarin');
    expect(spoken[0]!.rate).toBeLessThan(1);
    expect(offline.asked).toEqual([]);
    expect(took).toBeLessThanOrEqual(2_100);
    expect(voice.getState().engine).toBe('os');
    await expect(voice.inUse('zh-Hans')).resolves.toEqual({ kind: 'os', name: 'Mandarin', lang: 'zh_CN' });
  });

  it('uses OS voices that Chromium lists a moment after start', async () => {
    const { synth, spoken } = fakeSynth('end', []);
    const voice = voiceWith({ synth: synth as never });
    const reading = voice.speak('Hello', 'en');
    synth.voicesArrive([osVoice('en-US', 'David')]);
    await timed(reading);
    expect(spoken.map((u) => u.voice?.name)).toEqual(['David']);
  });

  it('falls back to the offline voice when the OS voice fails, and does not choose it again', async () => {
    const { synth, spoken } = fakeSynth('fail', [osVoice('zh-CN', 'Broken')]);
    const offline = fakeOffline();
    const voice = voiceWith({ synth: synth as never, offline: offline.engine });
    await timed(voice.speak('请 B 零零一 号到 2号窗口', 'zh-Hans'));
    expect(spoken).toHaveLength(1);
    expect(offline.asked.map((a) => a.text)).toEqual(['请 B 零零一 号到 2号窗口']);
    await timed(voice.speak('请 B 零零二 号到 1号窗口', 'zh-Hans'));
    expect(spoken).toHaveLength(1);
    expect((await voice.inUse('zh-Hans')).kind).toBe('offline');
  });

  it("settles after a time limit when the OS voice's 'end' never comes", async () => {
    const { synth } = fakeSynth('silent', [osVoice('en-US')]);
    const voice = voiceWith({ synth: synth as never });
    const took = await timed(voice.speak('Number B zero zero one', 'en'));
    expect(took).toBeGreaterThanOrEqual(2_000);
    expect(took).toBeLessThanOrEqual(20_100);
    expect(voice.getState().speaking).toBe(false);
  });

  it('stop() silences the OS voice', async () => {
    const { synth } = fakeSynth('silent', [osVoice('en-US')]);
    const voice = voiceWith({ synth: synth as never });
    const reading = voice.speak('Number B zero zero one', 'en');
    await vi.advanceTimersByTimeAsync(100);
    voice.stop();
    expect(synth.cancel).toHaveBeenCalled();
    expect(await timed(reading)).toBeLessThanOrEqual(100);
  });
});
