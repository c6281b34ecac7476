import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHIME_TONES,
  createWebPlayer,
  pickVoice,
  speechTimeoutMs,
  type WebPlayerDeps,
} from '#renderer/features/display/web-player.ts';

interface FakeUtterance {
  text: string;
  lang: string;
  rate: number;
  voice: SpeechSynthesisVoice | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
}

const voice = (lang: string, name = lang) => ({ lang, name }) as SpeechSynthesisVoice;

/** A speech engine that answers each utterance as `behaviour` says. */
function fakeSynth(behaviour: 'end' | 'error' | 'silent', voices: SpeechSynthesisVoice[] = []) {
  const spoken: FakeUtterance[] = [];
  const synth = {
    getVoices: () => voices,
    speak: (u: FakeUtterance) => {
      spoken.push(u);
      if (behaviour === 'end') setTimeout(() => u.onend?.(), 2_000);
      if (behaviour === 'error') setTimeout(() => u.onerror?.(), 10);
    },
    cancel: vi.fn(),
  };
  return { synth: synth as unknown as SpeechSynthesis, spoken, cancel: synth.cancel };
}

function deps(patch: Partial<WebPlayerDeps>): WebPlayerDeps {
  return {
    synth: undefined,
    createUtterance: (text) =>
      ({ text, lang: '', rate: 1, voice: null, onend: null, onerror: null }) as unknown as SpeechSynthesisUtterance,
    createAudioContext: undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    ...patch,
  };
}

/** Resolves `promise` under fake timers, returning how long it took. */
async function timed(promise: Promise<void>): Promise<number> {
  const start = Date.now();
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 300 && !done; i++) await vi.advanceTimersByTimeAsync(100);
  expect(done).toBe(true);
  return Date.now() - start;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('speaking', () => {
  it("speaks in the station's language with a matching voice, slowly, and finishes on 'end'", async () => {
    const f = fakeSynth('end', [voice('en-US'), voice('zh_CN', 'Mandarin')]);
    const player = createWebPlayer('zh-CN', deps({ synth: f.synth }));
    const took = await timed(player.speak('请 B 零零一 号到 2号窗口'));
    expect(f.spoken).toHaveLength(1);
    expect(f.spoken[0]).toMatchObject({ text: '请 B 零零一 号到 2号窗口', lang: 'zh-CN' });
    expect(f.spoken[0]!.voice?.name).toBe('Mandarin');
    expect(f.spoken[0]!.rate).toBeLessThan(1);
    expect(took).toBeLessThanOrEqual(2_100);
  });

  it('settles at once when the engine reports an error (no voice for the language)', async () => {
    const f = fakeSynth('error');
    const took = await timed(createWebPlayer('zh-TW', deps({ synth: f.synth })).speak('請 B 零零一 號到 2號窗口'));
    expect(took).toBeLessThanOrEqual(100);
  });

  it("settles after a time limit when 'end' never comes", async () => {
    const f = fakeSynth('silent');
    const text = 'Number B zero zero one, please go to Counter 2';
    const took = await timed(createWebPlayer('en-US', deps({ synth: f.synth })).speak(text));
    expect(took).toBeGreaterThanOrEqual(speechTimeoutMs(text));
    expect(took).toBeLessThanOrEqual(speechTimeoutMs(text) + 100);
    // Chinese characters take longer to say than letters; nothing waits forever.
    expect(speechTimeoutMs('请请请请')).toBeGreaterThan(speechTimeoutMs('abcd'));
    expect(speechTimeoutMs('x'.repeat(500))).toBe(20_000);
  });

  it('does nothing, quietly, where there is no speech at all', async () => {
    await expect(createWebPlayer('zh-CN', deps({})).speak('请')).resolves.toBeUndefined();
  });

  it('settles when speak() itself throws', async () => {
    const synth = {
      getVoices: () => [],
      speak: () => {
        throw new Error('not allowed');
      },
      cancel: () => undefined,
    } as unknown as SpeechSynthesis;
    await timed(createWebPlayer('zh-CN', deps({ synth })).speak('请'));
  });

  it('cancel() stops the voice', () => {
    const f = fakeSynth('silent');
    createWebPlayer('zh-CN', deps({ synth: f.synth })).cancel();
    expect(f.cancel).toHaveBeenCalled();
  });

  it('picks the exact voice, else the same language elsewhere', () => {
    const voices = [voice('en-GB'), voice('zh-CN'), voice('zh-TW')];
    expect(pickVoice(voices, 'zh-TW')?.lang).toBe('zh-TW');
    expect(pickVoice(voices, 'en-US')?.lang).toBe('en-GB');
    expect(pickVoice([voice('fr-FR')], 'zh-CN')).toBeUndefined();
  });
});

/** An audio context that records the tones it is asked to play. */
function fakeAudio(state: 'running' | 'suspended', resumes = true) {
  const tones: { hz: number; start: number; stop: number }[] = [];
  const ctx = {
    state,
    currentTime: 10,
    destination: {},
    resume: vi.fn(() => {
      if (!resumes) return new Promise<void>(() => undefined);
      ctx.state = 'running';
      return Promise.resolve();
    }),
    close: vi.fn(() => Promise.resolve()),
    createGain: () => ({ gain: { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() }, connect: vi.fn() }),
    createOscillator: () => {
      const tone = { hz: 0, start: 0, stop: 0 };
      tones.push(tone);
      return {
        type: 'sine',
        frequency: {
          set value(v: number) {
            tone.hz = v;
          },
        },
        connect: vi.fn(),
        start: (t: number) => (tone.start = t),
        stop: (t: number) => (tone.stop = t),
      };
    },
  };
  return { ctx, tones, create: () => ctx as unknown as AudioContext };
}

describe('the chime', () => {
  it('plays two falling tones, one after the other, and settles when they are over', async () => {
    const a = fakeAudio('running');
    const took = await timed(createWebPlayer('zh-CN', deps({ createAudioContext: a.create })).chime());
    expect(a.tones.map((t) => t.hz)).toEqual(CHIME_TONES.map((t) => t.hz));
    expect(a.tones[0]!.hz).toBeGreaterThan(a.tones[1]!.hz);
    expect(a.tones[1]!.start).toBeGreaterThan(a.tones[0]!.start);
    expect(a.tones[1]!.stop).toBeGreaterThan(a.tones[1]!.start);
    expect(took).toBeGreaterThanOrEqual(1_000);
  });

  it('resumes a suspended context first', async () => {
    const a = fakeAudio('suspended');
    await timed(createWebPlayer('zh-CN', deps({ createAudioContext: a.create })).chime());
    expect(a.ctx.resume).toHaveBeenCalled();
    expect(a.tones).toHaveLength(2);
  });

  it('stays silent, but settles soon, when audio is not allowed to start', async () => {
    const a = fakeAudio('suspended', false);
    const took = await timed(createWebPlayer('zh-CN', deps({ createAudioContext: a.create })).chime());
    expect(a.tones).toHaveLength(0);
    expect(took).toBeLessThanOrEqual(600);
  });

  it('stays silent where there is no audio, or no audio device', async () => {
    await timed(createWebPlayer('zh-CN', deps({})).chime());
    await timed(
      createWebPlayer(
        'zh-CN',
        deps({
          createAudioContext: () => {
            throw new Error('no device');
          },
        }),
      ).chime(),
    );
  });

  it('reuses one audio context and closes it with the screen', async () => {
    const a = fakeAudio('running');
    const create = vi.fn(a.create);
    const player = createWebPlayer('zh-CN', deps({ createAudioContext: create }));
    await timed(player.chime());
    await timed(player.chime());
    expect(create).toHaveBeenCalledTimes(1);
    player.close();
    expect(a.ctx.close).toHaveBeenCalled();
  });
});
