/**
 * bench/reports: how fast does the console's report answer with a district's
 * history in PostgreSQL? Seeds N stations × D days × T tickets a day (documents
 * shaped as devices write them: issue, call, start, finish, no-shows and
 * cancels; station time +8 h), then times over real HTTP, signed in as an
 * operator: a district-wide report of the last 30 days (and the 30 before, for
 * the trend — the report always reads both), a district-wide report filtered by
 * category, one street's, and one station's. Prints p50/p95 per request
 * (`measured:` lines) with the row counts; asserts nothing.
 *
 * PostgreSQL is its own cluster under /tmp on port 55433 (Debian's binaries, as
 * bench:city does), unless --database-url (or DATABASE_URL) names one; then the
 * bench works in a schema of its own and drops it.
 *
 *   npm run bench:reports [-- --stations 1300 --days 130 --per-day 30 --runs 10 --scan-runs 3]
 *
 * Recorded 2026-12-01 on the shared 2-core machine (PostgreSQL 15, own cluster), p50/p95 ms:
 *   1,300 × 30 days × 5  = 195,000 tickets: district month 7,560/8,423; + category 4,501/4,807;
 *                                            one street 379/420; one station 59/64
 *   1,300 × 60 days × 10 = 780,000 tickets: district month 26,365/31,074; + category 16,909/17,977;
 *                                            one street 649/935; one station 40/58
 * The district-wide figures grew linearly with the tickets read (~35 µs each, both
 * periods): far over the 2 s bar. Those were before the rollup (migration 017): an
 * unfiltered, street or station report now reads one stored row per day (60 for a
 * district month, whatever the tickets) after re-aggregating the station days
 * changed since the last report — so its cost follows the tickets changed since
 * then (mostly today's), not the history. The rollup is filled once after the seed
 * (`rollup filled`), and the last case changes a ticket of today at every station
 * before each load. A category, item or staff filter reads its tickets' short rows (migration 023).
 * At 50 M tickets a year (~105 a station-day) the stored rows stay as many and the
 * histograms grow by distinct tenths of a minute only (bounded by the longest
 * wait), while re-aggregating a changed day costs ~3.5× today's 30 a station.
 * With the rollup at 5 M, 2026-12-02 (1,300 × 130 × 30 = 5,070,000 tickets, seeded in
 * 348 s on a quiet machine, the rollup filled in bites in 175 s; PostgreSQL at the
 * test cluster's settings, --schema kept), p50/p95 ms, before → after migration 021
 * (statistics on the report's expressions, item and staff indexes), same seed:
 *   district month 27/39 → 22/37; one street 20/22 → 17/18; one station 8/10 → 8/10;
 *   right after every station changed a ticket 765/800 → 717/801; once the background
 *   refresh caught up 29/77 → 25/39 (it caught up in 6.5/5.6 s);
 *   district month by category 3,469/6,753 → 3,140/3,200 — still over 2 s.
 * The filtered SQL alone, 3 runs each, without → with 021: category 3,300 → 2,880;
 * item 1,810 → 540; staff member (district-wide, a third of the seed's tickets)
 * 6,750 → 4,070; one station's staff member 27 → 9. With the right estimates a
 * category's two months are a parallel scan of every ticket (1.35 s) plus the
 * per-ticket figures from each document (~1 s): a narrow per-ticket table of the
 * report's inputs, kept by trigger, is what would bring it under 2 s. Migration 021
 * took under 40 s on the 5 M tickets. With --schema the seed is kept for a later run.
 * Re-seeded 2026-12-02 at this code (seed 551 s, rollup 250 s; load ~1), p50/p95 ms: district month
 * 44/72; by category 5,061/5,371; one street by category 679/806; one item district-wide (1/42 of the
 * tickets) 1,101/1,114; right after every station changed 1,091/1,455; refreshed 31/44 (caught up in
 * 6.2/7.0 s). The overview with the same 5 M behind it, 20 loads, 51–89/119–154 over three runs
 * (timed on the report-category-rollup branch, whose overview code is this one; its summary rows do
 * not grow with the history).
 * Migration 023 (report_tickets: the report's inputs in a short row per ticket, kept by trigger) and a
 * filtered report's 64 MB work_mem, 2026-12-02, one fresh seed (seeded in 421 s, rollup filled in 181 s; load
 * ~1.3), --runs 5 --scan-runs 3, p50/p95 ms, before (9f4ea34) → after on the same seed:
 *   district month by category 3,836/6,162 → 1,042/1,057; one street by category 427/499 → 354/366;
 *   one item 692/717 → 386/430; right after every station changed 836/920 → 726/762; refreshed
 *   23/35 → 29/29 and caught up in 5.7/5.9 → 5.6/5.8 s; district month 29/55 → 25/46; overview
 *   47/81 → 53/112. New cases, after only: one staff id district-wide (the seed's staff ids repeat
 *   at every station: a third of the tickets, 663,490 in the two periods) 1,977/1,995; one station's
 *   staff member 15/27. The migration filled 5 M rows in under 2.5 min (the whole run with it).
 *   bench:city's push capacity, side by side against 9f4ea34, two runs: 0.90× and 0.93× at saturation
 *   (16–32 pushers), 1.0× at 4–8: the trigger's row and index entries cost ~5–10 % of peak pushes.
 * At a real day's density, same code, 2026-12-02: --stations 1300 --days 60 --per-day 105 (50 M a year is
 * ~105 a station-day; 8,190,000 tickets, seeded in 874 s, rollup 169 s; load ~1.3), p50/p95 ms:
 *   district month 37/60; one street 23/30; one station 12/13; right after every station changed
 *   2,059/2,138 (over 2 s); refreshed 31/42 (caught up in 8.8/8.9 s); by category 5,096/5,942 (over
 *   2 s: 1,170,310 tickets in the two periods, ~4.4 µs each); one street by category 719/776; one
 *   item 1,128/1,187; one staff id of a third of the tickets 7,062/7,325; one station's staff member
 *   33/77; overview 300/414. So at a real day's density a filtered district month grows with its
 *   tickets (×4.9 here for ×3.5 the tickets) and needs stored rows of its own dimension (the rollup's
 *   per-category rows, tried on branch report-category-rollup); the refresh after a change at every
 *   station grows with a day's tickets (×2.8).
 * (The seed's hash is taken as bigint: at 105 a station-day, `k * 7 + h` overflowed an integer.)
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadAverage, openBenchDistrict, out, percentile } from '#bench/seeded-district.ts';
import { addDays } from '#protocol/report-api.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { buildApp } from '#server/app.ts';
import { refreshItemRollup } from '#server/repositories/report-item-rollup.ts';
import { EVERY_DAY, refreshRollup } from '#server/repositories/report-rollup.ts';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '1300' },
    days: { type: 'string', default: '130' },
    'per-day': { type: 'string', default: '30' },
    runs: { type: 'string', default: '10' },
    // Reports the rollup cannot answer (by category, item or staff member) read tickets: fewer runs of those.
    'scan-runs': { type: 'string', default: '3' },
    port: { type: 'string', default: '55433' },
    'database-url': { type: 'string' },
    // With --database-url: work in this schema and keep it (a later run reuses its seed instead of seeding again).
    schema: { type: 'string' },
  },
});
const STATIONS = Number(values.stations);
const DAYS = Number(values.days);
const PER_DAY = Number(values['per-day']);
const RUNS = Number(values.runs);
const SCAN_RUNS = Number(values['scan-runs']);
const PASSWORD = 'bench-reports-password';
const STREETS = 36;

const today = stationDay(Date.now(), 480);
const first = addDays(today, -(DAYS - 1));
out(`bench:reports — ${STATIONS} stations × ${DAYS} days (${first} … ${today}) × ${PER_DAY} tickets a day`);
const district = await openBenchDistrict('reports', {
  databaseUrl: values['database-url'],
  schema: values.schema,
  port: Number(values.port),
});
const repo = district.repo;
try {
  await district.seedOnce((kept) => (kept > 0 ? Promise.resolve() : seed()));
  await time();
  out(loadAverage());
} finally {
  await district.close();
}

async function seed(): Promise<void> {
  const db = repo.db;
  const seedStart = performance.now();
  await db.query(
    `INSERT INTO stations (id, name, street)
     SELECT 'st-' || lpad(i::text, 4, '0'), '第 ' || i || ' 号站', '街镇 ' || (i % ${STREETS})
     FROM generate_series(1, $1::int) AS i`,
    [STATIONS],
  );
  await db.query(
    `INSERT INTO station_docs (id, station_id, lwt, doc)
     SELECT s.id, s.id, nextval('lwt_seq'), jsonb_build_object('id', s.id, 'utcOffsetMinutes', 480) FROM stations s`,
  );
  const categories = ['party', 'government', 'life', 'legal', 'health', 'culture', 'community'];
  await db.query(
    `INSERT INTO services (id, station_id, lwt, doc)
     SELECT 'district-' || n, '', nextval('lwt_seq'),
       jsonb_build_object('id', 'district-' || n, 'stationId', '', 'category', (ARRAY['${categories.join("','")}'])[1 + n % 7])
     FROM generate_series(1, 42) AS n`,
  );
  // One day per statement: a transaction the size of a day's district, and progress to watch.
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(first, d);
    const midnight = Date.parse(`${day}T00:00:00Z`) - 480 * 60_000;
    await db.query(
      `INSERT INTO tickets (id, station_id, lwt, doc)
       SELECT s.id || '-' || $1 || '-' || k, s.id, nextval('lwt_seq'), jsonb_strip_nulls(jsonb_build_object(
         'id', s.id || '-' || $1 || '-' || k, 'stationId', s.id, 'deviceId', s.id || '-kiosk', 'day', $1::text,
         'queue', 'A', 'seq', k, 'number', 'A' || lpad(k::text, 3, '0'), 'serviceId', 'district-' || (1 + (k * 7 + h) % 42),
         'channel', 'kiosk', 'lang', 'zh-Hans', 'priority', false, 'status', x.status,
         'issuedAt', x.issued, 'calledAt', x.called, 'startedAt', x.started, 'endedAt', x.ended,
         'callCount', CASE WHEN x.called IS NULL THEN 0 ELSE 1 END,
         'servedBy', CASE WHEN x.started IS NULL THEN NULL ELSE 'staff-' || (k % 3) END,
         -- Two tickets in three carry the estimate shown at issue (the third: "not enough data").
         'waitEstimate', CASE WHEN h % 3 = 0 THEN NULL ELSE jsonb_build_object(
           'lowMin', greatest(0, (h % 2700) / 60 - 4 + h % 7), 'highMin', greatest(0, (h % 2700) / 60 - 4 + h % 7) + 8,
           'ahead', h % 12) END,
         'history', jsonb_build_array(jsonb_build_object('action', 'issue', 'at', x.issued, 'by', s.id || '-kiosk', 'from', 'waiting', 'to', 'waiting'))
           || CASE WHEN x.called IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('action', 'call', 'at', x.called, 'by', 'staff-' || (k % 3), 'from', 'waiting', 'to', 'called', 'counter', '1')) END
           || CASE WHEN x.started IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('action', 'start', 'at', x.started, 'by', 'staff-' || (k % 3), 'from', 'called', 'to', 'serving', 'counter', '1')) END
           || CASE WHEN x.status = 'done' THEN jsonb_build_array(jsonb_build_object('action', 'finish', 'at', x.ended, 'by', 'staff-' || (k % 3), 'from', 'serving', 'to', 'done')) ELSE '[]'::jsonb END))
       FROM stations s, generate_series(1, $2::int) AS k,
         LATERAL (SELECT abs(hashtext(s.id || $1 || k)::bigint) AS h) AS r,
         LATERAL (SELECT
           $3::bigint + (510 + h % 540) * 60000 AS issued,
           CASE WHEN h % 20 = 0 THEN 'cancelled' WHEN h % 10 = 1 THEN 'no_show' ELSE 'done' END AS status) AS base,
         LATERAL (SELECT base.status,
           base.issued,
           CASE WHEN base.status = 'cancelled' THEN NULL ELSE base.issued + (h % 2700) * 1000 END AS called,
           CASE WHEN base.status = 'done' THEN base.issued + (h % 2700) * 1000 + 60000 END AS started,
           CASE WHEN base.status = 'done' THEN base.issued + (h % 2700) * 1000 + 60000 + (120 + h % 1500) * 1000
                WHEN base.status = 'cancelled' THEN base.issued + 600000
                ELSE base.issued + (h % 2700) * 1000 + 180000 END AS ended) AS x`,
      [day, PER_DAY, midnight],
    );
    if ((d + 1) % 10 === 0 || d === DAYS - 1)
      out(`  seeded ${d + 1}/${DAYS} days (${((performance.now() - seedStart) / 1000).toFixed(0)} s)`);
  }
  await db.query('ANALYZE');
}

async function time(): Promise<void> {
  const db = repo.db;
  const [{ n: operators } = { n: 0 }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM operators WHERE username = 'bench'`,
  );
  if (operators === 0)
    await repo.operators.create({ username: 'bench', displayName: 'bench', role: 'admin', password: PASSWORD });
  const app = await buildApp({ repo, adminToken: randomBytes(16).toString('hex') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/console/api`;
  const session = await fetch(`${base}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;

  const month = { from: addDays(today, -29), to: today };
  const oneStation = `st-${String(Math.ceil(STATIONS / 2)).padStart(4, '0')}`;
  const cases: [string, Record<string, string>][] = [
    ['district, 30 days', month],
    ['district, 30 days, category health', { ...month, category: 'health' }],
    ['one street, 30 days, category health', { ...month, street: '街镇 7', category: 'health' }],
    ['district, 30 days, one item', { ...month, serviceId: 'district-5' }],
    // The seed's staff ids repeat at every station, so one "member" district-wide is a third of the
    // tickets: far more than any real person serves, the worst case of the staff filter.
    ['district, 30 days, staff member', { ...month, staff: 'staff-1' }],
    ['one station, 30 days, staff member', { ...month, stationId: oneStation, staff: 'staff-1' }],
    ['one street, 30 days', { ...month, street: '街镇 7' }],
    ['one station, 30 days', { ...month, stationId: oneStation }],
    ['one station, 7 days', { from: addDays(today, -6), to: today, stationId: oneStation }],
  ];
  // The seed marked every station day; aggregate them once here, as a district upgrading to migration 017
  // would (through HTTP the first report would wait for all of it). The repeated loads then find nothing marked.
  const coldStart = performance.now();
  // As the server's background refresh does it (bites of one transaction each), a district day per
  // bite. Not through refreshPass: that steps aside while the server's own background pass holds its
  // lock, and the fill then stopped after nothing ("0 station days" on 2026-12-01).
  let aggregated = 0;
  for (let bite = 1; ; bite++) {
    const done = await db.transaction((tx) => refreshRollup(tx, EVERY_DAY[0], EVERY_DAY[1], STATIONS));
    aggregated += done;
    if (done === 0) break;
    if (bite % 20 === 0)
      out(`  rollup: ${aggregated} station days (${((performance.now() - coldStart) / 1000).toFixed(0)} s)`);
  }
  const [{ n: rollupRows } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_rollup');
  out(
    `measured: rollup filled: ${aggregated} station days in ${((performance.now() - coldStart) / 1000).toFixed(1)} s (${rollupRows} rollup rows)`,
  );
  // The item rows (migration 024) of every day, as the background refresh fills them: a day per bite,
  // without waiting for the marks to settle.
  const itemStart = performance.now();
  let itemDays = 0;
  for (;;) {
    const done = await db.transaction((tx) => refreshItemRollup(tx, { settleMs: 0, days: 1 }));
    if (done === 0) break;
    itemDays += done;
  }
  const [{ n: itemRows } = { n: 0 }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM report_item_rollup',
  );
  const itemSeconds = (performance.now() - itemStart) / 1000;
  out(
    `measured: item rows filled: ${itemDays} days in ${itemSeconds.toFixed(1)} s (${(itemSeconds / Math.max(1, itemDays)).toFixed(2)} s a day, ${itemRows} rows)`,
  );
  // Every station pushed since the last report: one ticket of today changed at each (its status moved on).
  const touchToday = () =>
    db.query(
      `UPDATE tickets t SET doc = t.doc || jsonb_build_object('callCount', (t.doc->>'callCount')::int)
       FROM (SELECT DISTINCT ON (station_id) id FROM tickets WHERE doc->>'day' = $1 ORDER BY station_id, id) x
       WHERE t.id = x.id`,
      [today],
    );
  // Right after the changes (the report aggregates them itself, or waits for the background's bite),
  // and once the server's background refresh (every 5 s) has caught up with them.
  cases.push(['district, 30 days, all stations changed', month]);
  // The same for a category: today is read from its tickets until its item rows settle (a minute).
  cases.push(['district, 30 d, category, all changed', { ...month, category: 'health' }]);
  cases.push(['district, 30 d, all changed, refreshed', month]);
  const caughtUp = async () => {
    const start = performance.now();
    for (;;) {
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_dirty');
      if (n === 0) return performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const waits: number[] = [];

  out(`\n${'report'.padEnd(40)} ${'tickets'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  ≤ 2 s`);
  for (const [label, q] of cases) {
    const times: number[] = [];
    let issued = 0;
    for (
      let i = 0;
      i < (q.category === undefined && q.serviceId === undefined && q.staff === undefined ? RUNS : SCAN_RUNS);
      i++
    ) {
      if (label.endsWith('all stations changed') || label.endsWith('all changed')) await touchToday();
      if (label.endsWith('refreshed')) {
        await touchToday();
        waits.push(await caughtUp());
      }
      const start = performance.now();
      const res = await fetch(`${base}/reports?${new URLSearchParams(q)}`, { headers: { cookie } });
      const body = (await res.json()) as { current: { issued: number }; previous: { issued: number } };
      times.push(performance.now() - start);
      if (!res.ok) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
      issued = body.current.issued + body.previous.issued;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    out(
      `measured: ${label.padEnd(30)} ${String(issued).padStart(9)} ${percentile(times, 50).toFixed(0).padStart(8)} ${p95.toFixed(0).padStart(8)}  ${p95 <= 2000 ? 'yes' : 'NO'}`,
    );
  }
  // The live overview with the same history behind it (bench:overview times it against a smaller one):
  // it reads summary rows kept per station day (migration 019), so the history should not show.
  const overview: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const res = await fetch(`${base}/overview`, { headers: { cookie } });
    const body = (await res.json()) as { stations?: unknown[] };
    overview.push(performance.now() - start);
    if (!res.ok) throw new Error(`overview: ${res.status} ${JSON.stringify(body)}`);
    rows = body.stations?.length ?? 0;
  }
  overview.sort((a, b) => a - b);
  out(
    `measured: ${'overview, district'.padEnd(30)} ${`${rows} st.`.padStart(9)} ${percentile(overview, 50).toFixed(0).padStart(8)} ${percentile(overview, 95).toFixed(0).padStart(8)}  ${percentile(overview, 95) <= 1000 ? 'yes' : 'NO'} (≤ 1 s)`,
  );
  waits.sort((a, b) => a - b);
  out(
    `measured: background refresh caught up with 1 change at each station in ${percentile(waits, 50).toFixed(0)}/${percentile(waits, 95).toFixed(0)} ms p50/p95 (timer every 5 s)`,
  );
  await app.close();
}
