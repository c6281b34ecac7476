/** The district's station registry (not the replicated station documents). */
import type { Db, Queryable } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import type { StationRepository } from './repository.ts';
import { toStation, type StationSql } from './rows.ts';

/** Station ids end up in URLs, file names and ticket documents: keep them plain. '' is the district itself. */
export const STATION_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export function stationRepository(db: Db): StationRepository {
  return {
    async create({ id, name, street = '' }, tx: Queryable = db) {
      if (!new RegExp(STATION_ID_PATTERN).test(id)) {
        throw new DomainError(
          400,
          'invalid_request',
          `station id "${id}" must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
        );
      }
      if (name.trim() === '') throw new DomainError(400, 'invalid_request', 'a station needs a name');
      const rows = await tx.query<StationSql>(
        'INSERT INTO stations (id, name, street) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id, name, street, created_at',
        [id, name, street.trim()],
      );
      const row = rows[0];
      if (!row) throw new DomainError(409, 'station_exists', `station "${id}" already exists`);
      return toStation(row);
    },
    async list() {
      return (await db.query<StationSql>('SELECT id, name, street, created_at FROM stations ORDER BY id')).map(
        toStation,
      );
    },
    async update(id, { name, street }, tx: Queryable = db) {
      if (name.trim() === '') throw new DomainError(400, 'invalid_request', 'a station needs a name');
      const [row] = await tx.query<StationSql>(
        'UPDATE stations SET name = $2, street = $3 WHERE id = $1 RETURNING id, name, street, created_at',
        [id, name.trim(), street.trim()],
      );
      if (!row) throw new DomainError(404, 'station_unknown', `no station "${id}"`);
      return toStation(row);
    },
  };
}
