/**
 * The console's reads: stations and catalog items paged and searched in SQL, so
 * a district of 1,300 stations and 60,000 items opens as fast as an empty one.
 * `street` (a supervisor's scope) is applied inside the query, never afterwards.
 */
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { Queryable } from '#server/db/db.ts';
import { toIso, toNumber } from './rows.ts';
import type { Page, ServiceListItem, StationListItem } from '#protocol/console-api.ts';

export type { Page, ServiceListItem, StationListItem };

export interface StationFilter {
  q?: string;
  street?: string | null;
  limit?: number;
  offset?: number;
}

export interface ServiceFilter {
  q?: string;
  category?: string;
  department?: string;
  /** '' for district-wide items only. */
  stationId?: string;
  street?: string | null;
  limit?: number;
  offset?: number;
}

interface StationRowSql {
  id: string;
  name: string;
  street: string;
  created_at: unknown;
  doc: StationDoc | null;
  devices: string | number;
}

interface ServiceRowSql {
  doc: ServiceDoc;
  street: string | null;
}

/** LIKE pattern of a search text; %, _ and \ are matched literally. */
function likePattern(q: string | undefined): string | null {
  const text = q?.trim();
  return text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

const clampLimit = (limit: number | undefined) => Math.min(Math.max(limit ?? 50, 1), 200);

export interface ConsoleListRepository {
  stations(filter: StationFilter): Promise<Page<StationListItem>>;
  station(id: string): Promise<StationListItem | null>;
  services(filter: ServiceFilter): Promise<Page<ServiceListItem>>;
  service(id: string): Promise<ServiceListItem | null>;
  /** Distinct department names (简体) of the live catalog, for the filter. */
  departments(street: string | null): Promise<string[]>;
  streets(): Promise<string[]>;
}

export function consoleListRepository(db: Queryable): ConsoleListRepository {
  const stationSelect = `SELECT s.id, s.name, s.street, s.created_at, d.doc,
      (SELECT count(*) FROM devices v WHERE v.station_id = s.id AND v.revoked_at IS NULL) AS devices
    FROM stations s LEFT JOIN station_docs d ON d.id = s.id AND NOT d.deleted`;
  const toItem = (r: StationRowSql): StationListItem => ({
    id: r.id,
    name: r.name,
    street: r.street,
    createdAt: toIso(r.created_at),
    doc: r.doc,
    devices: toNumber(r.devices),
  });
  const serviceWhere = `WHERE NOT v.deleted
      AND ($1::text IS NULL OR v.station_id = '' OR st.street = $1)
      AND ($2::text IS NULL OR v.console_search LIKE lower($2))
      AND ($3::text IS NULL OR v.doc->>'category' = $3)
      AND ($4::text IS NULL OR v.doc->'department'->>'zh-Hans' = $4)
      AND ($5::text IS NULL OR v.station_id = $5)`;
  return {
    async stations({ q, street = null, limit, offset = 0 }) {
      const where = `WHERE ($1::text IS NULL OR s.street = $1)
        AND ($2::text IS NULL OR s.id ILIKE $2 OR s.name ILIKE $2 OR s.street ILIKE $2 OR d.doc::text ILIKE $2)`;
      const params = [street, likePattern(q)];
      const [count] = await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM stations s LEFT JOIN station_docs d ON d.id = s.id AND NOT d.deleted ${where}`,
        params,
      );
      const rows = await db.query<StationRowSql>(`${stationSelect} ${where} ORDER BY s.id LIMIT $3 OFFSET $4`, [
        ...params,
        clampLimit(limit),
        Math.max(offset, 0),
      ]);
      const total = count?.n ?? 0;
      return { total: toNumber(total), items: rows.map(toItem) };
    },

    async station(id) {
      const [row] = await db.query<StationRowSql>(`${stationSelect} WHERE s.id = $1`, [id]);
      return row ? toItem(row) : null;
    },

    async services({ q, category, department, stationId, street = null, limit, offset = 0 }) {
      const from = `FROM services v LEFT JOIN stations st ON st.id = v.station_id AND v.station_id <> ''`;
      const params = [street, likePattern(q), category ?? null, department ?? null, stationId ?? null];
      // Count and page apart: a window count would carry every matching document through the sort.
      const [count] = await db.query<{ n: string | number }>(`SELECT count(*) AS n ${from} ${serviceWhere}`, params);
      const rows = await db.query<ServiceRowSql>(
        `SELECT v.doc, st.street ${from} ${serviceWhere}
         ORDER BY v.station_id, (v.doc->>'order')::int, v.id LIMIT $6 OFFSET $7`,
        [...params, clampLimit(limit), Math.max(offset, 0)],
      );
      const total = count?.n ?? 0;
      return {
        total: toNumber(total),
        items: rows.map((r) => ({ service: r.doc, street: r.street ?? null })),
      };
    },

    async service(id) {
      const [row] = await db.query<ServiceRowSql>(
        `SELECT v.doc, st.street FROM services v LEFT JOIN stations st ON st.id = v.station_id AND v.station_id <> ''
         WHERE v.id = $1 AND NOT v.deleted`,
        [id],
      );
      return row ? { service: row.doc, street: row.street ?? null } : null;
    },

    async departments(street) {
      const rows = await db.query<{ department: string }>(
        `SELECT DISTINCT v.doc->'department'->>'zh-Hans' AS department
         FROM services v LEFT JOIN stations st ON st.id = v.station_id AND v.station_id <> ''
         WHERE NOT v.deleted AND v.doc ? 'department' AND ($1::text IS NULL OR v.station_id = '' OR st.street = $1)
         ORDER BY 1`,
        [street],
      );
      return rows.map((r) => r.department);
    },

    async streets() {
      const rows = await db.query<{ street: string }>(
        `SELECT DISTINCT street FROM stations WHERE street <> '' ORDER BY street`,
      );
      return rows.map((r) => r.street);
    },
  };
}
