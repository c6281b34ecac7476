/**
 * Write positions from transaction ids, so writers of a collection no longer wait
 * for each other (repositories/change-order-sql.ts explains the ordering).
 *
 * From now on a row's `lwt` is its writing transaction's id (pg_current_xact_id(),
 * 64-bit, never wraps) plus `xid_offset`. The offset is chosen here so the first
 * new position lands above every position `lwt_seq` handed out: checkpoints that
 * devices already hold stay valid, and no device re-downloads anything.
 * `lwt_seq` stays for rows written before this migration; nothing takes from it.
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
SELECT greatest(0, s.last_value + 1 - pg_current_xact_id()::text::bigint) FROM lwt_seq s;
`,
};
