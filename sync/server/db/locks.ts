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
  // 17 and 18 are left to collections being added alongside (appointments).
  projects: 19,
} as const;

/** Held while the report rollup is refreshed (repositories/report-rollup.ts). */
export const REPORT_ROLLUP_LOCK = 17;
