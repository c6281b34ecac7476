/**
 * A district with a few bare stations on Shanghai time (+8 h), for the suites that
 * write tickets straight into the tables and read what the console counts of them
 * (the overview's figures, the report rollup).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Queryable } from '#server/db/db.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { Storage, TestDriver } from './drivers.ts';

/** Adds the stations `ids` (street "street"), each with a station document at UTC+8. */
export async function addStations(q: Queryable, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await q.query(`INSERT INTO stations (id, name, street) VALUES ($1, $1, 'street')`, [id]);
    await q.query(
      `INSERT INTO station_docs (id, station_id, lwt, doc)
       VALUES ($1, $1, nextval('lwt_seq'), jsonb_build_object('id', $1::text, 'utcOffsetMinutes', 480))`,
      [id],
    );
  }
}

/** Opens a district of `driver` with the stations `ids` for the suite, its tickets emptied before each test. */
export function districtWithStations(
  driver: TestDriver,
  ids: readonly string[],
): { readonly repo: DistrictRepository } {
  let storage: Storage;
  let repo: DistrictRepository | undefined;
  beforeAll(async () => {
    storage = await driver.createStorage();
    repo = await storage.open();
    await addStations(repo.db, ids);
  });
  afterAll(() => storage.dispose());
  beforeEach(async () => {
    await repo!.db.query('TRUNCATE tickets');
  });
  return {
    get repo() {
      if (!repo) throw new Error('the district opens in beforeAll');
      return repo;
    },
  };
}
