/**
 * The background refresh (repositories/background-refresh.ts): after a pass, the
 * station days changed by ticket writes are aggregated already — a report finds
 * nothing left to re-aggregate and shows the same figures the tickets give; with
 * another instance at it, a pass steps aside and leaves the marks for it; the
 * overview's rows of past days go, today's figures stay; a writer still open
 * neither waits for a pass nor makes it wait, and its tickets are counted once it
 * commits. And the timer the console starts does this by itself.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '#protocol/report-api.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { Queryable } from '#server/db/db.ts';
import { BACKGROUND_REFRESH_LOCK, LOCK_NAMESPACE } from '#server/db/locks.ts';
import { silentLogger } from '#server/logger.ts';
import { refreshPass, startBackgroundRefresh } from '#server/repositories/background-refresh.ts';
import { readOverview } from '#server/repositories/overview.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { runReport } from '#server/repositories/reports-sql.ts';
import { describeEachDriver, describePostgres, POSTGRES_DRIVER, type Storage } from './helpers/drivers.ts';
import { addStations, districtWithStations } from './helpers/station-days.ts';

const NOW = Date.now();
const TODAY = stationDay(NOW, 480);
const STATIONS = ['st-1', 'st-2', 'st-3'];

/** `perStation` done tickets at every station on `day`; returns how many. */
async function issue(q: Queryable, day: string, perStation: number): Promise<number> {
  const at = Date.parse(`${day}T02:00:00Z`);
  await q.query(
    `INSERT INTO tickets (id, station_id, lwt, doc)
     SELECT s || '-' || $1 || '-' || k, s, nextval('lwt_seq'), jsonb_build_object('id', s || '-' || $1 || '-' || k,
       'stationId', s, 'day', $1::text, 'queue', 'A', 'number', 'A' || k, 'status', 'done', 'counter', '1',
       'issuedAt', $2::bigint, 'calledAt', $2::bigint + 60000, 'startedAt', $2::bigint + 60000,
       'endedAt', $2::bigint + 300000,
       'history', jsonb_build_array(jsonb_build_object('action', 'call', 'at', $2::bigint + 60000)))
     FROM unnest($3::text[]) AS s, generate_series(1, $4::int) AS k`,
    [day, at, STATIONS, perStation],
  );
  return STATIONS.length * perStation;
}

const marks = async (q: Queryable) =>
  (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM report_dirty'))[0]!.n;

const monthReport = (repo: DistrictRepository) =>
  runReport(repo.db, {
    from: addDays(TODAY, -29),
    to: TODAY,
    previousFrom: addDays(TODAY, -59),
    previousTo: addDays(TODAY, -30),
  });

describeEachDriver('background refresh', (driver) => {
  const district = districtWithStations(driver, STATIONS);

  it('aggregates every changed station day, a bite at a time, so the report finds nothing left to do', async () => {
    const issued = (await issue(district.repo.db, TODAY, 4)) + (await issue(district.repo.db, addDays(TODAY, -3), 2));
    expect(await marks(district.repo.db)).toBe(STATIONS.length * 2);

    const pass = await refreshPass(district.repo.db, 2);
    expect(pass).toMatchObject({ stationDays: STATIONS.length * 2, skipped: false });
    expect(await marks(district.repo.db)).toBe(0);
    const report = await monthReport(district.repo);
    expect(report.current).toMatchObject({ issued, served: issued });

    // A later change is marked again; the report is exact before any pass, and after one.
    await district.repo.db.query(
      `UPDATE tickets SET doc = doc || '{"status": "no_show"}' WHERE id = 'st-2-${TODAY}-1'`,
    );
    expect((await monthReport(district.repo)).current).toMatchObject({ issued, served: issued - 1, noShow: 1 });
    await issue(district.repo.db, addDays(TODAY, -1), 1);
    await refreshPass(district.repo.db);
    expect((await monthReport(district.repo)).current).toMatchObject({ issued: issued + 3, served: issued + 2 });
  });

  it("removes the overview's rows of past days and keeps today's figures", async () => {
    await issue(district.repo.db, TODAY, 3);
    await issue(district.repo.db, addDays(TODAY, -5), 3);
    const before = await readOverview(district.repo.db, { street: null }, NOW);
    expect(before.map((s) => s.servedToday)).toEqual([3, 3, 3]);
    const pass = await refreshPass(district.repo.db);
    // Each station's old day: its 3 ticket rows.
    expect(pass.pruned).toBe(STATIONS.length * 3);
    const left = await district.repo.db.query<{ day: string }>('SELECT DISTINCT day FROM overview_tickets');
    expect(left).toEqual([{ day: TODAY }]);
    expect(await readOverview(district.repo.db, { street: null }, NOW)).toEqual(before);
  });

  it('runs by itself on its timer', async () => {
    await issue(district.repo.db, TODAY, 1);
    const stop = startBackgroundRefresh(district.repo.db, silentLogger(), 50);
    try {
      await expect.poll(() => marks(district.repo.db), { timeout: 20_000, interval: 100 }).toBe(0);
    } finally {
      await stop();
    }
  });
});

describePostgres('background refresh beside another instance', () => {
  let storage: Storage;
  let repos: DistrictRepository[];
  beforeAll(async () => {
    storage = await POSTGRES_DRIVER.createStorage();
    repos = [await storage.open(), await storage.open()];
    await addStations(repos[0]!.db, STATIONS);
  });
  afterAll(() => storage.dispose());

  it('steps aside while another instance refreshes, leaving the marks to it', async () => {
    await issue(repos[0]!.db, TODAY, 2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const other = repos[1]!.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, BACKGROUND_REFRESH_LOCK]);
      locked();
      await held;
    });
    await lockTaken;
    expect(await refreshPass(repos[0]!.db)).toMatchObject({ stationDays: 0, skipped: true });
    expect(await marks(repos[0]!.db)).toBe(STATIONS.length);
    release();
    await other;
    expect(await refreshPass(repos[0]!.db)).toMatchObject({ stationDays: STATIONS.length, skipped: false });
  });

  it('neither waits for a writer still open nor loses its tickets, which count once it commits', async () => {
    await repos[0]!.db.query('TRUNCATE tickets');
    const issued = await issue(repos[0]!.db, TODAY, 2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const writer = repos[1]!.db.transaction(async (tx) => {
      await tx.query(`UPDATE tickets SET doc = doc || '{"status": "no_show"}' WHERE id = 'st-1-${TODAY}-1'`);
      await issue(tx, addDays(TODAY, -1), 1);
      wrote();
      await held;
    });
    await written;
    // The writer is held open only for this one pass: an open writing transaction holds back every
    // pull of the database (other test files share it).
    const pass = await Promise.race([
      refreshPass(repos[0]!.db),
      new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 10_000)),
    ]);
    release();
    await writer;
    // Only the tickets committed before the pass; the open writer's marks stayed for later.
    expect(pass).toMatchObject({ stationDays: STATIONS.length, skipped: false });
    expect(await marks(repos[0]!.db)).toBeGreaterThan(0);
    await refreshPass(repos[0]!.db);
    expect(await marks(repos[0]!.db)).toBe(0);
    expect((await monthReport(repos[0]!)).current).toMatchObject({
      issued: issued + STATIONS.length,
      served: issued + STATIONS.length - 1,
      noShow: 1,
    });
  });
});
