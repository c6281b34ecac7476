import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AnnouncementQueue,
  type Announcement,
  type AnnouncementPlayer,
  type QueueClock,
} from '#renderer/features/display/announcement-queue.ts';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 28, 2, 0, 0); // 10:00 in Shanghai

/** Real setTimeout and Date.now, driven by Vitest's fake timers. */
const clock: QueueClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

type Event = { at: number; kind: 'chime' | 'speak'; phase: 'start' | 'end'; text?: string };

/** A player whose sounds take time, and which records when each starts and ends. */
function recordingPlayer({ chimeMs = 1000, speakMs = 3000 } = {}) {
  const events: Event[] = [];
  let active = 0;
  let maxActive = 0;
  const play = (kind: Event['kind'], ms: number, text?: string) => {
    active++;
    maxActive = Math.max(maxActive, active);
    events.push({ at: Date.now(), kind, phase: 'start', text });
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        active--;
        events.push({ at: Date.now(), kind, phase: 'end', text });
        resolve();
      }, ms),
    );
  };
  const cancel = vi.fn<() => void>();
  const player = {
    chime: () => play('chime', chimeMs),
    speak: (text: string) => play('speak', speakMs, text),
    cancel,
  } satisfies AnnouncementPlayer;
  return {
    player,
    events,
    maxActive: () => maxActive,
    spoken: () => events.filter((e) => e.kind === 'speak' && e.phase === 'start').map((e) => e.text),
    chimes: () => events.filter((e) => e.kind === 'chime' && e.phase === 'start').length,
  };
}

const call = (key: string, calledAt: number, text = `say ${key}`): Announcement => ({ key, calledAt, text });

/** Lets every timer and promise run until the queue has nothing left to do. */
async function drain(queue: AnnouncementQueue): Promise<void> {
  const idle = queue.idle();
  await vi.runAllTimersAsync();
  await idle;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('announcement queue', () => {
  it('chimes once, then reads each call twice by default', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('a', START)]);
    await drain(queue);
    expect(rec.chimes()).toBe(1);
    expect(rec.spoken()).toEqual(['say a', 'say a']);
    expect(rec.events.map((e) => `${e.kind}:${e.phase}`)).toEqual([
      'chime:start',
      'chime:end',
      'speak:start',
      'speak:end',
      'speak:start',
      'speak:end',
    ]);
    expect(queue.getState().spoken).toEqual(['say a', 'say a']);
  });

  it('reads each call as many times as the repeats option says', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock, repeats: 3 });
    queue.offer([call('a', START)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say a', 'say a', 'say a']);
  });

  it('announces calls in the order they were made, whatever order they arrive in', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('late', START - 1_000), call('early', START - 5_000), call('middle', START - 3_000)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say early', 'say early', 'say middle', 'say middle', 'say late', 'say late']);
  });

  it('never overlaps: a call arriving mid-announcement waits until the previous one has finished', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock, pauseMs: 500 });
    queue.offer([call('a', START)]);
    await vi.advanceTimersByTimeAsync(2_000); // a's chime done, first reading under way
    expect(queue.getState().playing?.key).toBe('a');
    queue.offer([call('a', START), call('b', Date.now())]);
    expect(queue.getState().pending.map((c) => c.key)).toEqual(['b']);
    await drain(queue);
    expect(rec.maxActive()).toBe(1);
    expect(rec.spoken()).toEqual(['say a', 'say a', 'say b', 'say b']);
    const lastOfA = rec.events.filter((e) => e.text === 'say a' && e.phase === 'end').at(-1)!;
    const chimeOfB = rec.events.filter((e) => e.kind === 'chime' && e.phase === 'start')[1]!;
    // b waits for a to end, plus the pause that keeps two calls from running together.
    expect(chimeOfB.at - lastOfA.at).toBe(500);
  });

  it('announces a recall again: the same ticket with a higher call count is a new call', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('t1#1', START, 'B001 to 2')]);
    await drain(queue);
    vi.setSystemTime(Date.now() + MIN);
    queue.offer([call('t1#2', Date.now(), 'B001 to 2')]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['B001 to 2', 'B001 to 2', 'B001 to 2', 'B001 to 2']);
    expect(rec.chimes()).toBe(2);
  });

  it('never announces the same call twice, however often it is offered', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('a', START)]);
    queue.offer([call('a', START)]); // offered again while waiting or playing
    await vi.advanceTimersByTimeAsync(1_500);
    queue.offer([call('a', START), call('a', START)]);
    await drain(queue);
    queue.offer([call('a', START)]); // offered again after it was announced (e.g. the ticket is now being served)
    await drain(queue);
    expect(rec.spoken()).toEqual(['say a', 'say a']);
  });

  it('on first load, does not read out calls older than a few minutes, but announces recent ones', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([
      call('morning', START - 2 * 60 * MIN),
      call('ten-ago', START - 10 * MIN),
      call('just-now', START - 30_000),
    ]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say just-now', 'say just-now']);
  });

  it('also skips old calls that reach it shortly after start (the first replication pages)', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock, catchUpMs: 30_000 });
    queue.offer([]); // the replica is still empty when the screen starts
    await vi.advanceTimersByTimeAsync(5_000);
    queue.offer([call('morning', START - 3 * 60 * MIN), call('fresh', Date.now() - 1_000)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say fresh', 'say fresh']);
  });

  it("after catching up, announces every new call even when its time looks old (the calling device's clock may be behind)", async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock, catchUpMs: 30_000 });
    queue.offer([]);
    await vi.advanceTimersByTimeAsync(31_000);
    queue.offer([call('skewed', Date.now() - 10 * MIN)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say skewed', 'say skewed']);
  });

  it('catchUp() (after a reconnect) skips the backlog of old calls again', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock, catchUpMs: 30_000 });
    queue.offer([]);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    queue.catchUp();
    queue.offer([call('during-outage', Date.now() - 20 * MIN), call('just-now', Date.now())]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say just-now', 'say just-now']);
  });

  it('keeps going when the player throws: a failed chime still reads, a failed reading still lets the next call through', async () => {
    const errors: unknown[] = [];
    const spoken: string[] = [];
    let speakCalls = 0;
    const player: AnnouncementPlayer = {
      chime: () => Promise.reject(new Error('no audio device')),
      speak: (text) => {
        speakCalls++;
        spoken.push(text);
        if (speakCalls === 1) throw new Error('synchronous failure');
        if (speakCalls === 2) return Promise.reject(new Error('no voice'));
        return Promise.resolve();
      },
    };
    const queue = new AnnouncementQueue({ player, clock, onError: (e) => errors.push(e) });
    queue.offer([call('a', START), call('b', START + 1)]);
    await drain(queue);
    expect(spoken).toEqual(['say a', 'say a', 'say b', 'say b']);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'no audio device',
      'synchronous failure',
      'no voice',
      'no audio device',
    ]);
    expect(queue.getState().playing).toBeNull();
  });

  it('moves on when a sound never finishes, and stops that sound first', async () => {
    const errors: unknown[] = [];
    const rec = recordingPlayer();
    const stuck = {
      ...rec.player,
      speak: (text: string) => (text === 'say a' ? new Promise<void>(() => undefined) : rec.player.speak(text)),
    } satisfies AnnouncementPlayer;
    const queue = new AnnouncementQueue({
      player: stuck,
      clock,
      stepTimeoutMs: 10_000,
      onError: (e) => errors.push(e),
    });
    queue.offer([call('a', START), call('b', START + 1)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say b', 'say b']);
    expect(queue.getState().spoken).toEqual(['say a', 'say a', 'say b', 'say b']);
    expect(stuck.cancel).toHaveBeenCalledTimes(2);
    expect(errors).toHaveLength(2);
  });

  it('drops a waiting call whose ticket is no longer called (transferred before its turn)', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('a', START), call('b', START + 1)]);
    await vi.advanceTimersByTimeAsync(100);
    queue.offer([call('a', START)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say a', 'say a']);
  });

  it('tells subscribers what is playing and what waits', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    const seen: string[] = [];
    queue.subscribe(() => {
      const s = queue.getState();
      seen.push(`${s.playing?.key ?? '-'}|${s.pending.map((c) => c.key).join(',')}`);
    });
    queue.offer([call('a', START), call('b', START + 1)]);
    await drain(queue);
    expect(seen[0]).toBe('-|a,b');
    expect(seen).toContain('a|b');
    expect(seen).toContain('b|');
    expect(seen.at(-1)).toBe('-|');
  });

  it('stops on dispose: nothing more is read, and the sound is cut', async () => {
    const rec = recordingPlayer();
    const queue = new AnnouncementQueue({ player: rec.player, clock });
    queue.offer([call('a', START), call('b', START + 1)]);
    await vi.advanceTimersByTimeAsync(1_500);
    queue.dispose();
    await vi.runAllTimersAsync();
    expect(rec.spoken()).toEqual(['say a']);
    expect(rec.player.cancel).toHaveBeenCalled();
    queue.offer([call('c', Date.now())]);
    await vi.runAllTimersAsync();
    expect(rec.spoken()).toEqual(['say a']);
  });

  it('asks the player to get the words ready before the chime, so they follow it without a gap', async () => {
    const rec = recordingPlayer();
    const order: string[] = [];
    const player: AnnouncementPlayer = {
      ...rec.player,
      prepare: (text) => void order.push(`prepare ${text} after ${rec.events.length} sounds`),
    };
    const queue = new AnnouncementQueue({ player, clock });
    queue.offer([call('a', START)]);
    await drain(queue);
    expect(order).toEqual(['prepare say a after 0 sounds']);
  });

  it('keeps announcing when getting ready throws', async () => {
    const rec = recordingPlayer();
    const onError = vi.fn();
    const player: AnnouncementPlayer = {
      ...rec.player,
      prepare: () => {
        throw new Error('no engine');
      },
    };
    const queue = new AnnouncementQueue({ player, clock, onError });
    queue.offer([call('a', START)]);
    await drain(queue);
    expect(rec.spoken()).toEqual(['say a', 'say a']);
    expect(onError).toHaveBeenCalled();
  });
});
