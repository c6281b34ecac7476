/**
 * Advisory lock keys. Both PGlite and PostgreSQL support pg_advisory_xact_lock; the
 * two-key form keeps ours in a namespace of their own.
 */

/** "Door" in ASCII, as the first key of every lock this server takes. */
export const LOCK_NAMESPACE = 0x446f6f72;

/** Held while migrations run, so two instances starting together migrate once. */
export const MIGRATION_LOCK = 1;

/** Per-collection write locks (see repositories/change-order-sql.ts for why). */
export const COLLECTION_LOCKS = {
  services: 11,
  stations: 12,
  tickets: 13,
  needs: 14,
  helpRequests: 15,
  deviceHealth: 16,
  appointments: 17,
  // 18 is the report rollup's lock (below).
  projects: 19,
} as const;

/** Held while the report rollup is refreshed (repositories/report-rollup.ts). */
export const REPORT_ROLLUP_LOCK = 18;

/**
 * Tried (never waited for) by each bite of the background refresh (repositories/background-refresh.ts):
 * with several server instances on one database, one refreshes and the others skip their turn.
 */
export const BACKGROUND_REFRESH_LOCK = 20;

/** Held while the report's item rows are refreshed (repositories/report-item-rollup.ts). */
export const REPORT_ITEM_ROLLUP_LOCK = 21;

/**
 * First key of the per-station booking lock (the second is hashtext(station id)):
 * bookings of one station are checked against its slots' capacity one at a time.
 */
export const BOOKING_LOCK_NAMESPACE = 0x41707074;
