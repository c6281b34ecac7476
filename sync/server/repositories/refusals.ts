/** Writes the district refused, kept for the operator (write_refusals, migration 002). */
import type { Queryable } from '#server/db/db.ts';
import { toIso, toNumber } from './rows.ts';
import type { WriteRefusal } from '#protocol/console-api.ts';

export type { WriteRefusal };

export type NewWriteRefusal = Omit<WriteRefusal, 'id' | 'refusedAt'>;

interface RefusalSql {
  id: string | number;
  station_id: string;
  device_id: string;
  collection: string;
  doc_id: string;
  rule: string;
  message: string;
  refused_at: unknown;
}

export interface RefusalRepository {
  /** Records refusals, inside the caller's transaction when given one. */
  record(refusals: readonly NewWriteRefusal[], tx?: Queryable): Promise<void>;
  /** Newest first. */
  list(filter: { stationId?: string; deviceId?: string; limit?: number }): Promise<WriteRefusal[]>;
}

export function refusalRepository(db: Queryable): RefusalRepository {
  return {
    async record(refusals, tx = db) {
      for (const r of refusals) {
        await tx.query(
          'INSERT INTO write_refusals (station_id, device_id, collection, doc_id, rule, message) VALUES ($1, $2, $3, $4, $5, $6)',
          [r.stationId, r.deviceId, r.collection, r.docId, r.rule, r.message],
        );
      }
    },
    async list({ stationId, deviceId, limit = 100 }) {
      const rows = await db.query<RefusalSql>(
        `SELECT id, station_id, device_id, collection, doc_id, rule, message, refused_at FROM write_refusals
         WHERE ($1::text IS NULL OR station_id = $1) AND ($2::text IS NULL OR device_id = $2)
         ORDER BY refused_at DESC, id DESC LIMIT $3`,
        [stationId ?? null, deviceId ?? null, Math.min(Math.max(limit, 1), 1000)],
      );
      return rows.map((row) => ({
        id: toNumber(row.id),
        stationId: row.station_id,
        deviceId: row.device_id,
        collection: row.collection,
        docId: row.doc_id,
        rule: row.rule,
        message: row.message,
        refusedAt: toIso(row.refused_at),
      }));
    },
  };
}
