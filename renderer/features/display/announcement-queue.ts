/**
 * The calling display's announcement queue. Pure: the sound comes from an injected
 * player and time from an injected clock, so every rule below is unit-tested in Node.
 *
 * Rules:
 * - One announcement at a time. A call never cuts another off: calls that arrive
 *   while one is playing wait, in the order they were made.
 * - Each call is a chime, then its text spoken `repeats` times (people look up at
 *   the chime and catch the number on the second reading).
 * - A call is identified by its key. The same key is announced at most once; a
 *   recall makes a new key, so it is announced again.
 * - While catching up (the first moments after start, or after a reconnect) calls
 *   made more than `staleAfterMs` ago are shown but not announced: a display
 *   switched on mid-day must not read out the morning. Outside catch-up every new
 *   call is announced whatever its time, so a calling device whose clock is off
 *   is still heard.
 * - A player that throws, or never settles, never stops the queue.
 */

/** One call to announce. */
export interface Announcement {
  /** Identifies one call of one ticket; a recall has a new key. */
  key: string;
  /** When the call was made (epoch ms, the calling device's clock). */
  calledAt: number;
  /** What to say, already in the station's language. */
  text: string;
}

/** Makes the sounds. Each promise settles when the sound has finished (or failed). */
export interface AnnouncementPlayer {
  chime(): Promise<void>;
  speak(text: string): Promise<void>;
  /** Gets `text` ready while the chime plays, so the words follow it without a gap. */
  prepare?(text: string): void;
  /** Stops whatever is sounding now (used when a step overruns its time limit, and on dispose). */
  cancel?(): void;
}

export interface QueueClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Real time. */
export const systemClock: QueueClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface AnnouncementQueueOptions {
  player: AnnouncementPlayer;
  clock?: QueueClock;
  /** How many times each call's text is spoken. Default 2. */
  repeats?: number;
  /** Age beyond which a call found while catching up is not announced. Default 3 minutes. */
  staleAfterMs?: number;
  /** How long catching up lasts after the first offer or a `catchUp()`. Default 30 s. */
  catchUpMs?: number;
  /** Silence between two readings and between two calls, so they do not run together. Default 700 ms. */
  pauseMs?: number;
  /** Longest a single chime or reading may take before the queue moves on. Default 20 s. */
  stepTimeoutMs?: number;
  /** How many spoken texts the log keeps. Default 50. */
  logLimit?: number;
  /** A player failure, for the log. The queue carries on either way. */
  onError?(error: unknown): void;
}

export interface QueueState<T extends Announcement> {
  /** The call being announced now. */
  playing: T | null;
  /** Calls waiting their turn, in order. */
  pending: readonly T[];
  /** The texts handed to the player to speak, oldest first (the last `logLimit`). */
  spoken: readonly string[];
}

type Step = 'chime' | 'speak';

/** See the module comment. `T` may carry whatever the screen needs to show the call. */
export class AnnouncementQueue<T extends Announcement = Announcement> {
  private readonly player: AnnouncementPlayer;
  private readonly clock: QueueClock;
  private readonly repeats: number;
  private readonly staleAfterMs: number;
  private readonly catchUpMs: number;
  private readonly pauseMs: number;
  private readonly stepTimeoutMs: number;
  private readonly logLimit: number;
  private readonly onError: (error: unknown) => void;

  /** Keys already announced, queued or deliberately skipped. */
  private readonly seen = new Set<string>();
  private catchUpUntil: number | null = null;
  private running = false;
  private disposed = false;
  private state: QueueState<T> = { playing: null, pending: [], spoken: [] };
  private readonly listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(options: AnnouncementQueueOptions) {
    this.player = options.player;
    this.clock = options.clock ?? systemClock;
    this.repeats = Math.max(1, Math.floor(options.repeats ?? 2));
    this.staleAfterMs = options.staleAfterMs ?? 3 * 60_000;
    this.catchUpMs = options.catchUpMs ?? 30_000;
    this.pauseMs = options.pauseMs ?? 700;
    this.stepTimeoutMs = options.stepTimeoutMs ?? 20_000;
    this.logLimit = options.logLimit ?? 50;
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * Gives the queue the complete set of current calls (every call of the day, in
   * any order). New keys are queued in the order the calls were made; calls that
   * left the set (a transfer or reactivation clears a call) are dropped.
   */
  offer(calls: readonly T[]): void {
    if (this.disposed) return;
    const now = this.clock.now();
    this.catchUpUntil ??= now + this.catchUpMs;
    const catchingUp = now <= this.catchUpUntil;
    const current = new Set(calls.map((c) => c.key));

    // Forgetting keys that left the set keeps memory flat over a day, and is safe:
    // a ticket comes back into the set only by being called again, with a new key.
    for (const key of this.seen) if (!current.has(key)) this.seen.delete(key);
    const stillPending = this.state.pending.filter((c) => current.has(c.key));

    const fresh = calls
      .filter((c) => !this.seen.has(c.key))
      .sort((a, b) => a.calledAt - b.calledAt || a.key.localeCompare(b.key));
    const added: T[] = [];
    for (const call of fresh) {
      this.seen.add(call.key);
      if (catchingUp && call.calledAt < now - this.staleAfterMs) continue;
      added.push(call);
    }
    if (added.length === 0 && stillPending.length === this.state.pending.length) return;
    this.update({ pending: [...stillPending, ...added] });
    void this.run();
  }

  /** Starts another catch-up window, e.g. when the device reconnects after an outage. */
  catchUp(): void {
    this.catchUpUntil = this.clock.now() + this.catchUpMs;
  }

  getState = (): QueueState<T> => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves once nothing is playing or waiting. */
  idle(): Promise<void> {
    if (!this.running && this.state.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops announcing for good (the screen is closing). */
  dispose(): void {
    this.disposed = true;
    this.player.cancel?.();
    this.update({ pending: [], playing: null });
    this.listeners.clear();
    this.releaseIdle();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let first = true;
      while (!this.disposed) {
        const [next, ...rest] = this.state.pending;
        if (!next) break;
        if (!first) await this.clock.sleep(this.pauseMs);
        first = false;
        if (this.disposed) break;
        this.update({ playing: next, pending: rest });
        try {
          this.player.prepare?.(next.text);
        } catch (error) {
          this.onError(error);
        }
        await this.step('chime', () => this.player.chime());
        for (let i = 0; i < this.repeats && !this.disposed; i++) {
          if (i > 0) await this.clock.sleep(this.pauseMs);
          if (this.disposed) break;
          this.update({ spoken: [...this.state.spoken, next.text].slice(-this.logLimit) });
          await this.step('speak', () => this.player.speak(next.text));
        }
        if (!this.disposed) this.update({ playing: null });
      }
    } finally {
      this.running = false;
      if (this.state.pending.length === 0 || this.disposed) this.releaseIdle();
      else void this.run();
    }
  }

  /**
   * Runs one sound to its end. A failure is reported and skipped; a sound that never
   * settles is cut off after `stepTimeoutMs`, so the next call can follow.
   */
  private async step(kind: Step, play: () => Promise<void>): Promise<void> {
    let timedOut = false;
    try {
      await Promise.race([
        Promise.resolve().then(play),
        this.clock.sleep(this.stepTimeoutMs).then(() => {
          timedOut = true;
        }),
      ]);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (timedOut) {
      this.player.cancel?.();
      this.onError(new Error(`${kind} did not finish within ${this.stepTimeoutMs} ms`));
    }
  }

  private update(patch: Partial<QueueState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private releaseIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
