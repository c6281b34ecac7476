/**
 * Waiting-time bands of the district's live overview: per queue letter, a wait at
 * or above `warningMinutes` is a warning and at or above `criticalMinutes` critical.
 * The district sets them (console, migration 008 keeps them; defaults 20 and 40).
 * Runtime-free: the server checks them, the console colours rows with them.
 */

export type WaitBand = 'ok' | 'warning' | 'critical';

/** The bands of one queue letter; `queue` '' is the default for every letter without its own. */
export interface WaitThreshold {
  queue: string;
  warningMinutes: number;
  criticalMinutes: number;
}

export const DEFAULT_THRESHOLD: WaitThreshold = { queue: '', warningMinutes: 20, criticalMinutes: 40 };
export const THRESHOLD_MINUTES_MAX = 1440;

const MINUTE_MS = 60_000;
const BAND_ORDER: Record<WaitBand, number> = { ok: 0, warning: 1, critical: 2 };

/** The bands that apply to a queue letter: its own row, else the default row, else 20/40. */
export function thresholdFor(thresholds: readonly WaitThreshold[], queue: string): WaitThreshold {
  return thresholds.find((t) => t.queue === queue) ?? thresholds.find((t) => t.queue === '') ?? DEFAULT_THRESHOLD;
}

/** The band of a wait that started at `since` (null: nobody waiting). */
export function bandOf(since: number | null, now: number, threshold: WaitThreshold): WaitBand {
  if (since === null) return 'ok';
  const waited = now - since;
  if (waited >= threshold.criticalMinutes * MINUTE_MS) return 'critical';
  if (waited >= threshold.warningMinutes * MINUTE_MS) return 'warning';
  return 'ok';
}

/** When a wait that started at `since` became (or becomes) critical. */
export function criticalAt(since: number, threshold: WaitThreshold): number {
  return since + threshold.criticalMinutes * MINUTE_MS;
}

export function worseBand(a: WaitBand, b: WaitBand): WaitBand {
  return BAND_ORDER[b] > BAND_ORDER[a] ? b : a;
}

export function bandRank(band: WaitBand): number {
  return BAND_ORDER[band];
}

/** Why a set of thresholds is unusable, or null when it is fine. */
export function thresholdProblem(t: WaitThreshold): string | null {
  if (t.queue !== '' && !/^[A-Z]$/.test(t.queue)) return `queue "${t.queue}" is not a queue letter A–Z`;
  for (const value of [t.warningMinutes, t.criticalMinutes]) {
    if (!Number.isInteger(value) || value < 1 || value > THRESHOLD_MINUTES_MAX) {
      return `minutes must be whole numbers from 1 to ${THRESHOLD_MINUTES_MAX}`;
    }
  }
  if (t.warningMinutes > t.criticalMinutes) return 'the warning comes before (or with) the critical wait';
  return null;
}
