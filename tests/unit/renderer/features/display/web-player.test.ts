import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHIME_TONES, createWebPlayer, type WebPlayerDeps } from '#renderer/features/display/web-player.ts';

/** The app's voice, recording what it is asked to read; each reading takes 2 s. */
function fakeVoice() {
  const read: { text: string; lang: string }[] = [];
  const prepared: { text: string; lang: string }[] = [];
  const voice = {
    speak: vi.fn((text: string, lang: string) => {
      read.push({ text, lang });
      return new Promise<void>((resolve) => setTimeout(resolve, 2_000));
    }),
    prepare: vi.fn((text: string, lang: string) => void prepared.push({ text, lang })),
    stop: vi.fn(),
  };
  return { voice, read, prepared };
}

function deps(patch: Partial<WebPlayerDeps>): WebPlayerDeps {
  return {
    voice: fakeVoice().voice,
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
  it("reads through the app's voice in the station's language, and settles when the voice has read it", async () => {
    const f = fakeVoice();
    const player = createWebPlayer('zh-Hans', deps({ voice: f.voice }));
    player.prepare?.('请 B 零零一 号到 2号窗口');
    expect(f.prepared).toEqual([{ text: '请 B 零零一 号到 2号窗口', lang: 'zh-Hans' }]);
    const took = await timed(player.speak('请 B 零零一 号到 2号窗口'));
    expect(f.read).toEqual([{ text: '请 B 零零一 号到 2号窗口', lang: 'zh-Hans' }]);
    expect(took).toBeGreaterThanOrEqual(2_000);
  });

  it('passes on a voice that cannot be heard, so the queue logs it', async () => {
    const f = fakeVoice();
    f.voice.speak.mockImplementation(() => Promise.reject(new Error('audio output is suspended')));
    await expect(createWebPlayer('en', deps({ voice: f.voice })).speak('Number B zero zero one')).rejects.toThrow(
      'suspended',
    );
  });

  it('cancel() and close() stop the voice', () => {
    const f = fakeVoice();
    const player = createWebPlayer('zh-Hant', deps({ voice: f.voice }));
    player.cancel();
    expect(f.voice.stop).toHaveBeenCalledTimes(1);
    player.close();
    expect(f.voice.stop).toHaveBeenCalledTimes(2);
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
    const took = await timed(createWebPlayer('zh-Hans', deps({ createAudioContext: a.create })).chime());
    expect(a.tones.map((t) => t.hz)).toEqual(CHIME_TONES.map((t) => t.hz));
    expect(a.tones[0]!.hz).toBeGreaterThan(a.tones[1]!.hz);
    expect(a.tones[1]!.start).toBeGreaterThan(a.tones[0]!.start);
    expect(a.tones[1]!.stop).toBeGreaterThan(a.tones[1]!.start);
    expect(took).toBeGreaterThanOrEqual(1_000);
  });

  it('resumes a suspended context first', async () => {
    const a = fakeAudio('suspended');
    await timed(createWebPlayer('zh-Hans', deps({ createAudioContext: a.create })).chime());
    expect(a.ctx.resume).toHaveBeenCalled();
    expect(a.tones).toHaveLength(2);
  });

  it('stays silent, but settles soon, when audio is not allowed to start', async () => {
    const a = fakeAudio('suspended', false);
    const took = await timed(createWebPlayer('zh-Hans', deps({ createAudioContext: a.create })).chime());
    expect(a.tones).toHaveLength(0);
    expect(took).toBeLessThanOrEqual(600);
  });

  it('stays silent where there is no audio, or no audio device', async () => {
    await timed(createWebPlayer('zh-Hans', deps({})).chime());
    await timed(
      createWebPlayer(
        'zh-Hans',
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
    const player = createWebPlayer('zh-Hans', deps({ createAudioContext: create }));
    await timed(player.chime());
    await timed(player.chime());
    expect(create).toHaveBeenCalledTimes(1);
    player.close();
    expect(a.ctx.close).toHaveBeenCalled();
  });
});
