/**
 * What to do when the kiosk's screen dies or freezes. Nobody at a station can
 * press reload, so recovery is automatic and escalates: reload the page, then
 * build a new window, then restart the whole app — with a growing pause between
 * attempts so a page that crashes on load cannot spin the CPU. After
 * `maxFailures` failures within `failureWindowMs` it stops and asks for a
 * technician instead of looping for ever.
 *
 * Pure: main feeds it Electron's events with timestamps and carries out the
 * actions it returns (see `WatchdogAction`). The state is plain JSON, so main
 * can carry `failures` across an app relaunch (e.g. a file in the data folder);
 * otherwise a crash on every start would relaunch for ever. On giving up, main
 * must keep the app running with the message on screen: exiting would make the
 * OS supervisor (systemd, Shell Launcher) restart it, which is the loop again.
 */

/** Electron's `render-process-gone` reasons (Electron 41). */
export type RenderGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

/** What main reports. `at` is ms since the epoch. */
export type WatchdogEvent =
  | { type: 'render-process-gone'; reason: RenderGoneReason | (string & {}); at: number }
  | { type: 'unresponsive'; at: number }
  | { type: 'responsive'; at: number }
  /** A timer started by a `start-hang-timer` action ran out. */
  | { type: 'hang-timeout'; hangId: number; at: number }
  /** A technician confirmed the fix (e.g. a button on the message): start afresh. */
  | { type: 'technician-reset'; at: number };

/** What main should do, in order. Delays are for setTimeout. */
export type WatchdogAction =
  /** webContents.reload() */
  | { type: 'reload'; delayMs: number }
  /** Destroy the window and create the kiosk window anew. */
  | { type: 'recreate-window'; delayMs: number }
  /** app.relaunch() then app.exit(0), carrying `state.failures` along. */
  | { type: 'relaunch-app'; delayMs: number }
  /** webContents.forcefullyCrashRenderer(): a hung renderer cannot be reloaded otherwise. */
  | { type: 'kill-renderer' }
  /** Start a timer; when it runs out, report `{type: 'hang-timeout', hangId}`. */
  | { type: 'start-hang-timer'; hangId: number; delayMs: number }
  /** Stop recovering; show the technician message (facts below) and keep running. */
  | { type: 'give-up'; failures: number; windowMinutes: number; lastCause: string };

/** The watchdog's memory; JSON-serializable. */
export interface WatchdogState {
  /** When recent failures happened (ms), oldest first; only those inside the window are kept. */
  failures: number[];
  /** The hang being watched, if the window is unresponsive now. */
  hang: { id: number; since: number } | null;
  nextHangId: number;
  /** A kill was ordered for a hang: the 'killed' gone event that follows is that kill, not a new failure. */
  expectingKill: boolean;
  gaveUp: boolean;
}

/** Tuning; every field has a default (DEFAULT_WATCHDOG_POLICY). */
export interface WatchdogPolicy {
  /** K: failures within the window that make the watchdog give up. */
  maxFailures: number;
  /** T: the window failures are counted in. */
  failureWindowMs: number;
  /** How long an unresponsive window may stay so before it counts as hung. */
  hangGraceMs: number;
  /** Pause before the first recovery; doubled for each further failure in the window. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_WATCHDOG_POLICY: WatchdogPolicy = {
  maxFailures: 5,
  failureWindowMs: 10 * 60_000,
  // Chromium reports 'unresponsive' only after its own hang timeout; this is extra patience on top.
  hangGraceMs: 15_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
};

/** The result of one step. */
export interface WatchdogStep {
  state: WatchdogState;
  actions: WatchdogAction[];
}

/** A fresh state, optionally with the failures carried over from before a relaunch. */
export function initialWatchdogState(carriedFailures: readonly number[] = []): WatchdogState {
  return {
    failures: [...carriedFailures].sort((a, b) => a - b),
    hang: null,
    nextHangId: 1,
    expectingKill: false,
    gaveUp: false,
  };
}

function backoff(failureCount: number, policy: WatchdogPolicy): number {
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, failureCount - 1));
}

/** Causes no reload can cure: the app's own files failed verification. */
const UNRECOVERABLE = new Set(['integrity-failure']);
/** Causes a reload of the same web contents is unlikely to cure. */
const NEEDS_NEW_WINDOW = new Set(['launch-failed']);

/** Records a failure and picks the recovery for it by how many happened recently. */
function recover(state: WatchdogState, at: number, cause: string, policy: WatchdogPolicy): WatchdogStep {
  const failures = [...state.failures.filter((t) => at - t < policy.failureWindowMs), at];
  const next: WatchdogState = { ...state, failures, hang: null };
  const count = failures.length;
  if (count >= policy.maxFailures || UNRECOVERABLE.has(cause)) {
    return {
      state: { ...next, gaveUp: true },
      actions: [
        {
          type: 'give-up',
          failures: count,
          windowMinutes: Math.round(policy.failureWindowMs / 60_000),
          lastCause: cause,
        },
      ],
    };
  }
  const delayMs = backoff(count, policy);
  if (count === 1 && !NEEDS_NEW_WINDOW.has(cause)) return { state: next, actions: [{ type: 'reload', delayMs }] };
  if (count <= 2) return { state: next, actions: [{ type: 'recreate-window', delayMs }] };
  return { state: next, actions: [{ type: 'relaunch-app', delayMs }] };
}

/** Advances the watchdog by one event. */
export function stepWatchdog(
  state: WatchdogState,
  event: WatchdogEvent,
  overrides: Partial<WatchdogPolicy> = {},
): WatchdogStep {
  const policy = { ...DEFAULT_WATCHDOG_POLICY, ...overrides };
  if (event.type === 'technician-reset') return { state: initialWatchdogState(), actions: [] };
  // Once it gave up, only a technician restarts recovery: anything else would be the loop again.
  if (state.gaveUp) return { state, actions: [] };

  switch (event.type) {
    case 'render-process-gone':
      if (event.reason === 'killed' && state.expectingKill) {
        // Our own kill of a hung renderer; its recovery was ordered with the kill.
        return { state: { ...state, expectingKill: false }, actions: [] };
      }
      return recover({ ...state, expectingKill: false }, event.at, event.reason, policy);
    case 'unresponsive': {
      if (state.hang) return { state, actions: [] };
      const hang = { id: state.nextHangId, since: event.at };
      return {
        state: { ...state, hang, nextHangId: hang.id + 1 },
        actions: [{ type: 'start-hang-timer', hangId: hang.id, delayMs: policy.hangGraceMs }],
      };
    }
    case 'responsive':
      return { state: { ...state, hang: null }, actions: [] };
    case 'hang-timeout': {
      // A timer of a hang that already ended (or an older one) changes nothing.
      if (!state.hang || state.hang.id !== event.hangId) return { state, actions: [] };
      const step = recover(state, event.at, 'hung', policy);
      if (step.state.gaveUp) return step;
      return { state: { ...step.state, expectingKill: true }, actions: [{ type: 'kill-renderer' }, ...step.actions] };
    }
  }
}
