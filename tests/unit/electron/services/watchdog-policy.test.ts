import { describe, expect, it } from 'vitest';
import {
  initialWatchdogState,
  stepWatchdog,
  type WatchdogAction,
  type WatchdogEvent,
  type WatchdogState,
} from '#services/watchdog-policy.ts';

const MIN = 60_000;

/** Feeds events in order; returns the final state and every step's actions. */
function run(events: WatchdogEvent[], state: WatchdogState = initialWatchdogState()) {
  const actions: WatchdogAction[][] = [];
  for (const event of events) {
    const step = stepWatchdog(state, event);
    state = step.state;
    actions.push(step.actions);
  }
  return { state, actions };
}

const gone = (at: number, reason = 'crashed'): WatchdogEvent => ({ type: 'render-process-gone', reason, at });

describe('renderer watchdog', () => {
  it('escalates: reload, new window, relaunch, relaunch, then gives up (5 crashes in 10 minutes), with growing pauses', () => {
    const { state, actions } = run([gone(0), gone(1 * MIN), gone(2 * MIN), gone(3 * MIN), gone(4 * MIN, 'oom')]);
    expect(actions).toEqual([
      [{ type: 'reload', delayMs: 1_000 }],
      [{ type: 'recreate-window', delayMs: 2_000 }],
      [{ type: 'relaunch-app', delayMs: 4_000 }],
      [{ type: 'relaunch-app', delayMs: 8_000 }],
      [{ type: 'give-up', failures: 5, windowMinutes: 10, lastCause: 'oom' }],
    ]);
    expect(state.gaveUp).toBe(true);
  });

  it('stays quiet after giving up until a technician resets it', () => {
    const crashed = run([gone(0), gone(1), gone(2), gone(3), gone(4)]).state;
    expect(stepWatchdog(crashed, gone(5)).actions).toEqual([]);
    expect(stepWatchdog(crashed, { type: 'unresponsive', at: 6 }).actions).toEqual([]);
    const reset = stepWatchdog(crashed, { type: 'technician-reset', at: 7 }).state;
    expect(reset).toEqual(initialWatchdogState());
    expect(stepWatchdog(reset, gone(8)).actions).toEqual([{ type: 'reload', delayMs: 1_000 }]);
  });

  it('forgets crashes older than the window: one crash an hour never escalates', () => {
    const { actions } = run([
      gone(0),
      gone(60 * MIN),
      gone(120 * MIN),
      gone(180 * MIN),
      gone(240 * MIN),
      gone(300 * MIN),
    ]);
    expect(actions.every((a) => a[0]?.type === 'reload')).toBe(true);
  });

  it('caps the pause', () => {
    const policy = { maxFailures: 20, backoffMaxMs: 5_000 };
    let state = initialWatchdogState();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const step = stepWatchdog(state, gone(i), policy);
      state = step.state;
      const action = step.actions[0];
      if (action && 'delayMs' in action) delays.push(action.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('gives up at once when the app files fail their integrity check', () => {
    expect(run([gone(0, 'integrity-failure')]).actions[0]).toEqual([
      { type: 'give-up', failures: 1, windowMinutes: 10, lastCause: 'integrity-failure' },
    ]);
  });

  it('skips the plain reload when the renderer could not even launch', () => {
    expect(run([gone(0, 'launch-failed')]).actions[0]).toEqual([{ type: 'recreate-window', delayMs: 1_000 }]);
  });

  it('carries failures across an app relaunch, so a crash on every start still gives up', () => {
    const before = run([gone(0), gone(1 * MIN), gone(2 * MIN)]).state;
    const afterRelaunch = initialWatchdogState(JSON.parse(JSON.stringify(before.failures)) as number[]);
    const { actions } = run([gone(3 * MIN), gone(4 * MIN)], afterRelaunch);
    expect(actions[1]).toEqual([{ type: 'give-up', failures: 5, windowMinutes: 10, lastCause: 'crashed' }]);
  });

  describe('a hung window', () => {
    it('is given a grace period, then killed and reloaded; the kill itself is not counted again', () => {
      const { state, actions } = run([
        { type: 'unresponsive', at: 0 },
        { type: 'unresponsive', at: 1_000 },
        { type: 'hang-timeout', hangId: 1, at: 15_000 },
        gone(15_100, 'killed'),
      ]);
      expect(actions).toEqual([
        [{ type: 'start-hang-timer', hangId: 1, delayMs: 15_000 }],
        [],
        [{ type: 'kill-renderer' }, { type: 'reload', delayMs: 1_000 }],
        [],
      ]);
      expect(state.failures).toEqual([15_000]);
      expect(state.expectingKill).toBe(false);
    });

    it('that recovers in time is left alone, and its late timer changes nothing', () => {
      const { state, actions } = run([
        { type: 'unresponsive', at: 0 },
        { type: 'responsive', at: 5_000 },
        { type: 'hang-timeout', hangId: 1, at: 15_000 },
        { type: 'unresponsive', at: 20_000 },
        { type: 'hang-timeout', hangId: 1, at: 30_000 },
      ]);
      expect(actions).toEqual([
        [{ type: 'start-hang-timer', hangId: 1, delayMs: 15_000 }],
        [],
        [],
        [{ type: 'start-hang-timer', hangId: 2, delayMs: 15_000 }],
        [],
      ]);
      expect(state.failures).toEqual([]);
    });

    it('counts towards giving up like a crash', () => {
      const crashes = run([gone(0), gone(1), gone(2), gone(3)]).state;
      const { actions } = run(
        [
          { type: 'unresponsive', at: 10 },
          { type: 'hang-timeout', hangId: 1, at: 20 },
        ],
        crashes,
      );
      expect(actions[1]).toEqual([{ type: 'give-up', failures: 5, windowMinutes: 10, lastCause: 'hung' }]);
    });
  });

  it('keeps its state plain JSON', () => {
    const { state } = run([gone(0), { type: 'unresponsive', at: 10 }]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
