/** The audit log: every change made through the console or the admin API, with who, when, before and after. */
import type { Queryable } from '#server/db/db.ts';
import { toIso, toNumber } from './rows.ts';
import type { AuditEntry } from '#protocol/console-api.ts';

export type { AuditEntry };

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

interface AuditSql {
  id: string | number;
  at: unknown;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  station_id: string;
  before: unknown;
  after: unknown;
}

export interface AuditRepository {
  record(entry: NewAuditEntry, tx?: Queryable): Promise<void>;
  /** Newest first; `street` limits it to that street's stations (a supervisor's view). */
  list(filter: { street?: string | null; stationId?: string; limit?: number; offset?: number }): Promise<{
    total: number;
    entries: AuditEntry[];
  }>;
}

export function auditRepository(db: Queryable): AuditRepository {
  return {
    async record(entry, tx = db) {
      await tx.query(
        `INSERT INTO audit_log (actor, action, target_type, target_id, station_id, before, after)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
        [
          entry.actor,
          entry.action,
          entry.targetType,
          entry.targetId,
          entry.stationId,
          entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
          entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
        ],
      );
    },
    async list({ street = null, stationId, limit = 50, offset = 0 }) {
      const where = `WHERE ($1::text IS NULL OR station_id IN (SELECT id FROM stations WHERE street = $1))
                       AND ($2::text IS NULL OR station_id = $2)`;
      const params = [street, stationId ?? null];
      const [count] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM audit_log ${where}`, params);
      const rows = await db.query<AuditSql>(
        `SELECT id, at, actor, action, target_type, target_id, station_id, before, after FROM audit_log ${where}
         ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`,
        [...params, Math.min(Math.max(limit, 1), 200), Math.max(offset, 0)],
      );
      return {
        total: toNumber(count?.n ?? 0),
        entries: rows.map((r) => ({
          id: toNumber(r.id),
          at: toIso(r.at),
          actor: r.actor,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          stationId: r.station_id,
          before: r.before,
          after: r.after,
        })),
      };
    },
  };
}
