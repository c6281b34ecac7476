/**
 * Write positions from transaction ids, so writers of a collection no longer wait
 * for each other (repositories/change-order-sql.ts explains the ordering).
 *
 * From now on a row's `lwt` is its writing transaction's id (pg_current_xact_id(),
 * 64-bit, never wraps) plus `xid_offset`. The offset is chosen here so the first
 * new position lands above every position `lwt_seq` handed out: checkpoints that
 * devices already hold stay valid, and no device re-downloads anything.
 * `lwt_seq` stays for rows written before this migration; nothing takes from it.
 *
 * The offset is also at least the creation time in microseconds. A district whose
 * database is rebuilt from scratch starts its transaction ids low again; without
 * this, its new rows could sort below checkpoints devices kept from the old
 * database (same range of ids, and no 409 checkpoint_ahead since the checkpoint is
 * not past every row), and those devices would never pull them. With it, a younger
 * database's positions sit above an older one's as long as it commits fewer than a
 * million transactions a second, and stay below 2^53 until about the year 2255.
 */
import type { Migration } from './migration.ts';

export const migration007: Migration = {
  version: 7,
  name: 'commit_order',
  sql: `
CREATE TABLE write_position_origin (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  xid_offset bigint NOT NULL
);
INSERT INTO write_position_origin (xid_offset)
SELECT greatest(
  0,
  s.last_value + 1 - pg_current_xact_id()::text::bigint,
  floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint
) FROM lwt_seq s;
`,
};
