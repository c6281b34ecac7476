/**
 * The overview's figures are counted from a short row per ticket that triggers
 * keep as tickets change (migration 019), not from the ticket documents — so
 * they must stay exactly what counting the stored tickets gives, whatever the writes: random sequences of inserts, status changes,
 * recalls, counter moves, tombstones, hard deletes and many-row statements, on
 * both drivers; and concurrent transactions writing one station's queue and
 * counter on real PostgreSQL (where PGlite's single session cannot interleave).
 * The expected figures are computed here in JavaScript from the tickets' stored
 * documents, not by SQL. And keeping them makes no push wait for another: a
 * waiting push would hold its transaction id and so hold back every pull.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OverviewStation } from '#protocol/console-api.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { Queryable } from '#server/db/db.ts';
import { readOverview } from '#server/repositories/overview.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { describeEachDriver, describePostgres, POSTGRES_DRIVER, type Storage } from './helpers/drivers.ts';
import { addStations, districtWithStations } from './helpers/station-days.ts';

const STATIONS = ['st-a', 'st-b'];
const COUNTER_WINDOW_MS = 30 * 60_000;
const OPEN = ['waiting', 'called', 'serving'];

interface StoredTicket {
  id: string;
  station_id: string;
  deleted: boolean;
  doc: { day: string; queue: string; status: string; issuedAt: number; calledAt?: number; counter?: string };
}

/** The overview's ticket figures counted from the stored rows, the way an operator would count them. */
async function expectedFigures(q: Queryable, now: number) {
  const rows = await q.query<StoredTicket>('SELECT id, station_id, deleted, doc FROM tickets');
  const today = stationDay(now, 480);
  return STATIONS.map((station) => {
    const mine = rows.filter((r) => r.station_id === station && !r.deleted && r.doc.day === today).map((r) => r.doc);
    const letters = [...new Set(mine.filter((t) => OPEN.includes(t.status)).map((t) => t.queue))].sort();
    const counters = new Set(
      mine
        .filter((t) => t.counter !== undefined)
        .filter((t) => t.status === 'called' || t.status === 'serving' || (t.calledAt ?? 0) >= now - COUNTER_WINDOW_MS)
        .map((t) => t.counter),
    );
    return {
      id: station,
      queues: letters.map((letter) => {
        const waiting = mine.filter((t) => t.queue === letter && t.status === 'waiting');
        return {
          letter,
          waiting: waiting.length,
          oldestWaitingAt: waiting.length ? Math.min(...waiting.map((t) => t.issuedAt)) : null,
        };
      }),
      servedToday: mine.filter((t) => t.status === 'done').length,
      countersOpen: counters.size,
    };
  });
}

const figures = (stations: OverviewStation[]) =>
  stations.map(({ id, queues, servedToday, countersOpen }) => ({ id, queues, servedToday, countersOpen }));

/** One write to `tickets`, as a statement of its own (some touch many rows). */
type Op =
  | { kind: 'issue'; station: number; queue: string; count: number; yesterday: boolean }
  | { kind: 'move'; pick: number; status: string; counter: string; calledMinutesAgo: number }
  | { kind: 'callAllWaiting'; station: number; counter: string; calledMinutesAgo: number }
  | { kind: 'tombstone'; pick: number }
  | { kind: 'hardDelete'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('issue' as const),
    station: fc.nat(1),
    queue: fc.constantFrom('A', 'B'),
    count: fc.integer({ min: 1, max: 4 }),
    yesterday: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    pick: fc.nat(5),
    status: fc.constantFrom('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'),
    counter: fc.constantFrom('1', '2', '3', '4'),
    // Mostly outside the 30-minute window, so a counter is open only while it holds a ticket.
    calledMinutesAgo: fc.constantFrom(29, 31, 90, 120),
  }),
  fc.record({
    kind: fc.constant('callAllWaiting' as const),
    station: fc.nat(1),
    counter: fc.constantFrom('1', '2'),
    calledMinutesAgo: fc.constantFrom(1, 45),
  }),
  fc.record({ kind: fc.constant('tombstone' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('hardDelete' as const), pick: fc.nat() }),
);

async function apply(q: Queryable, op: Op, now: number, serial: { n: number }): Promise<void> {
  const pickId = async (pick: number) => {
    const ids = await q.query<{ id: string }>('SELECT id FROM tickets ORDER BY id');
    return ids.length ? ids[pick % ids.length]!.id : null;
  };
  if (op.kind === 'issue') {
    const day = stationDay(now - (op.yesterday ? 86_400_000 : 0), 480);
    const first = serial.n;
    serial.n += op.count;
    await q.query(
      `INSERT INTO tickets (id, station_id, lwt, doc)
       SELECT 't' || lpad(k::text, 5, '0'), $1, nextval('lwt_seq'), jsonb_build_object('id', 't' || lpad(k::text, 5, '0'),
         'stationId', $1::text, 'day', $2::text, 'queue', $3::text, 'number', $3 || k, 'status', 'waiting',
         'issuedAt', $4::bigint - k * 1000)
       FROM generate_series($5::int, $6::int) AS k`,
      [STATIONS[op.station], day, op.queue, now - 600_000, first, first + op.count - 1],
    );
  } else if (op.kind === 'move') {
    const id = await pickId(op.pick);
    if (!id) return;
    await q.query(
      `UPDATE tickets SET lwt = nextval('lwt_seq'), doc = doc || jsonb_build_object('status', $2::text,
         'counter', $3::text, 'calledAt', $4::bigint) WHERE id = $1`,
      [id, op.status, op.counter, now - op.calledMinutesAgo * 60_000],
    );
  } else if (op.kind === 'callAllWaiting') {
    await q.query(
      `UPDATE tickets SET lwt = nextval('lwt_seq'), doc = doc || jsonb_build_object('status', 'called',
         'counter', $2::text, 'calledAt', $3::bigint) WHERE station_id = $1 AND doc->>'status' = 'waiting'`,
      [STATIONS[op.station], op.counter, now - op.calledMinutesAgo * 60_000],
    );
  } else if (op.kind === 'tombstone') {
    const id = await pickId(op.pick);
    if (id) await q.query(`UPDATE tickets SET lwt = nextval('lwt_seq'), deleted = true WHERE id = $1`, [id]);
  } else {
    const id = await pickId(op.pick);
    if (id) await q.query('DELETE FROM tickets WHERE id = $1', [id]);
  }
}

describeEachDriver('overview figures kept by triggers', (driver) => {
  const district = districtWithStations(driver, STATIONS);

  it('equal the stored tickets counted afresh after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        await district.repo.db.query('TRUNCATE tickets');
        const now = Date.now();
        const serial = { n: 1 };
        for (const op of ops) await apply(district.repo.db, op, now, serial);
        expect(figures(await readOverview(district.repo.db, { street: null }, now))).toEqual(
          await expectedFigures(district.repo.db, now),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('move a ticket off its counter and queue: the one it left counts it no more', async () => {
    const now = Date.now();
    const serial = { n: 1 };
    await apply(district.repo.db, { kind: 'issue', station: 0, queue: 'A', count: 1, yesterday: false }, now, serial);
    await apply(
      district.repo.db,
      { kind: 'move', pick: 0, status: 'serving', counter: '1', calledMinutesAgo: 90 },
      now,
      serial,
    );
    await district.repo.db.query(
      `UPDATE tickets SET doc = doc || jsonb_build_object('queue', 'B', 'status', 'waiting', 'counter', '2')`,
    );
    const [station] = figures(await readOverview(district.repo.db, { street: null }, now));
    expect(station).toEqual({
      id: 'st-a',
      queues: [{ letter: 'B', waiting: 1, oldestWaitingAt: now - 601_000 }],
      servedToday: 0,
      countersOpen: 0,
    });
  });

  it('start from nothing again after the tickets are truncated', async () => {
    const now = Date.now();
    await apply(district.repo.db, { kind: 'issue', station: 0, queue: 'A', count: 3, yesterday: false }, now, { n: 1 });
    await district.repo.db.query('TRUNCATE tickets');
    const stations = await readOverview(district.repo.db, { street: null }, now);
    expect(figures(stations)).toEqual(STATIONS.map((id) => ({ id, queues: [], servedToday: 0, countersOpen: 0 })));
  });
});

describePostgres('overview figures under concurrent writers', () => {
  let storage: Storage;
  let repos: DistrictRepository[];
  beforeAll(async () => {
    storage = await POSTGRES_DRIVER.createStorage();
    repos = [await storage.open(), await storage.open(), await storage.open()];
    await addStations(repos[0]!.db, STATIONS);
  });
  afterAll(() => storage.dispose());

  it('count every committed ticket when transactions on one queue and counter interleave', async () => {
    const now = Date.now();
    const serial = { n: 1 };
    for (let round = 0; round < 6; round++) {
      // Each transaction issues into the same queue, then calls at the same counter, pausing in between,
      // so the others' statements land while it is still open.
      await Promise.all(
        repos.map((r, i) =>
          r.db.transaction(async (tx) => {
            await apply(tx, { kind: 'issue', station: 0, queue: 'A', count: 2, yesterday: false }, now, serial);
            await tx.query('SELECT pg_sleep($1)', [0.01 * ((i + round) % 3)]);
            await apply(
              tx,
              { kind: 'move', pick: round * 7 + i, status: 'called', counter: '1', calledMinutesAgo: 1 },
              now,
              serial,
            );
            await tx.query('SELECT pg_sleep($1)', [0.01 * ((i + 1) % 3)]);
            await apply(
              tx,
              { kind: 'move', pick: round * 5 + i, status: 'done', counter: '1', calledMinutesAgo: 40 },
              now,
              serial,
            );
          }),
        ),
      );
    }
    const stations = await readOverview(repos[0]!.db, { street: null }, now);
    expect(figures(stations)).toEqual(await expectedFigures(repos[0]!.db, now));
    expect(stations[0]!.queues[0]?.waiting ?? 0).toBeGreaterThan(0);
  });

  it('make no ticket write wait for another of the same station day still open', async () => {
    const now = Date.now();
    const serial = { n: 900 };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const open = new Promise<void>((resolve) => (entered = resolve));
    const first = repos[0]!.db.transaction(async (tx) => {
      await apply(tx, { kind: 'issue', station: 0, queue: 'A', count: 1, yesterday: false }, now, serial);
      entered();
      await held;
    });
    await open;
    // The second writer (same station, day, queue) must commit while the first is still open.
    const second = repos[1]!.db.transaction((tx) =>
      apply(tx, { kind: 'issue', station: 0, queue: 'A', count: 1, yesterday: false }, now, serial),
    );
    const outcome = await Promise.race([
      second.then(() => 'committed'),
      new Promise((resolve) => setTimeout(() => resolve('waited'), 10_000)),
    ]);
    release();
    await Promise.all([first, second]);
    expect(outcome).toBe('committed');
  });
});
