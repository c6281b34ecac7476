/**
 * The server's background upkeep of what the console reads:
 *
 * - the report rollup (report-rollup.ts): the station days marked dirty by ticket
 *   writes are re-aggregated here, a bounded bite per transaction, so a report
 *   right after a busy hour finds little left to do. A report still
 *   re-aggregates whatever is marked in its span before reading, so it is exact
 *   whether or not this ran. Bites are small because the report's own refresh
 *   waits for the rollup lock a bite holds.
 * - the report's item rows (report-item-rollup.ts), a day per bite, for the days
 *   the station rollup re-aggregated at least ITEM_SETTLE_MS ago. Only this
 *   refreshes them; a report reads a day still marked from its tickets.
 * - the overview's rows of past days (migration 019), which no overview reads.
 *
 * Each bite tries BACKGROUND_REFRESH_LOCK and skips when another instance holds
 * it: several instances on one database do not queue behind each other.
 */
import type { Db, Tx } from '#server/db/db.ts';
import { BACKGROUND_REFRESH_LOCK, LOCK_NAMESPACE } from '#server/db/locks.ts';
import type { Logger } from '#server/logger.ts';
import { refreshItemRollup } from './report-item-rollup.ts';
import { EVERY_DAY, refreshRollup } from './report-rollup.ts';

/**
 * Station days per bite: ~0.1–0.3 s of reading on the bench's 2-core machine at 30 tickets a station
 * day, plus ~0.4 s merging a district day. Only the bite's last, short writes hold a transaction id
 * (refreshRollup reads first), so a bite does not hold back the district's live sync while it reads;
 * a report waits for a bite in progress (the rollup lock), so bites stay bounded.
 */
export const REFRESH_BITE = 100;
/** Pause between passes; a pass runs bites until nothing is marked. */
export const REFRESH_INTERVAL_MS = 5_000;
/**
 * How long a day's item marks wait before its item rows are re-aggregated: a whole day's tickets at
 * once, ~1 s at a real day's density (1,300 stations × 105), so today, marked all day long, costs that
 * once a minute rather than every pass.
 */
export const ITEM_SETTLE_MS = 60_000;
/** Overview rows are kept this long after their day (station days run from UTC−12 to UTC+14). */
const OVERVIEW_KEEP_DAYS = 2;

export interface PassResult {
  /** Station days re-aggregated. */
  stationDays: number;
  /** Days whose item rows were re-aggregated. */
  itemDays: number;
  /** Overview rows of past days removed. */
  pruned: number;
  /** Another instance held the lock: this pass stopped early. */
  skipped: boolean;
}

/** Runs `work` in a transaction holding the background lock, or returns null when another instance holds it. */
async function underLock<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS got', [
      LOCK_NAMESPACE,
      BACKGROUND_REFRESH_LOCK,
    ]);
    return row?.got ? work(tx) : null;
  });
}

/** Removes the overview's rows of days no station is on any more. */
async function pruneOverview(db: Db): Promise<number> {
  const cutoff = `to_char(now() AT TIME ZONE 'UTC' - make_interval(days => ${OVERVIEW_KEEP_DAYS}), 'YYYY-MM-DD')`;
  const rows = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM overview_tickets WHERE day < ${cutoff} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Runs bites until no station day is marked, then the item rows' days settled for `itemSettleMs` (or
 * until another instance has the lock), then prunes.
 */
export async function refreshPass(db: Db, size = REFRESH_BITE, itemSettleMs = ITEM_SETTLE_MS): Promise<PassResult> {
  let stationDays = 0;
  let itemDays = 0;
  const skipped = () => ({ stationDays, itemDays, pruned: 0, skipped: true });
  for (;;) {
    const done = await underLock(db, (tx) => refreshRollup(tx, EVERY_DAY[0], EVERY_DAY[1], size));
    if (done === null) return skipped();
    stationDays += done;
    if (done < size) break;
  }
  for (;;) {
    const done = await underLock(db, (tx) => refreshItemRollup(tx, { settleMs: itemSettleMs, days: 1 }));
    if (done === null) return skipped();
    if (done === 0) break;
    itemDays += done;
  }
  return { stationDays, itemDays, pruned: await pruneOverview(db), skipped: false };
}

/** Starts the passes every `intervalMs` (after each one ends); returns the stopper, which awaits a pass running. */
export function startBackgroundRefresh(db: Db, log: Logger, intervalMs = REFRESH_INTERVAL_MS): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    running = refreshPass(db)
      .then((r) => {
        if (r.stationDays > 0 || r.itemDays > 0 || r.pruned > 0) log.debug(r, 'background refresh');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'background refresh failed; trying again later'))
      .finally(() => {
        running = undefined;
        if (!stopped) schedule();
      });
  };
  // The timer must not keep alive a process that is otherwise done (scripts, tests).
  const schedule = () => {
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
