/**
 * bench/overview: how fast does the console's live overview open with a whole
 * district? Seeds N stations (36 streets), each with a kiosk, a counter and a
 * display (one station in ten also a hub, with its own health report), today's
 * tickets — T a station, a third still waiting or being served — and H days of
 * history before today, then times over real HTTP, signed in as an operator,
 * `GET /console/api/overview` (the same read the stream's snapshot sends) for
 * the district's administrator and for one street's supervisor. Prints p50/p95 (`measured:` lines); asserts
 * nothing.
 *
 * PostgreSQL is its own cluster under /tmp on port 55434 unless --database-url
 * (or DATABASE_URL) names one; then the bench works in a schema of its own and drops it.
 *
 *   npm run bench:overview [-- --stations 1300 --today 105 --history-days 30 --history-per-day 30 --runs 20]
 *   (--database-url URL --schema NAME keeps the seed in NAME; a later run with the same NAME reuses it)
 *
 * Recorded 2026-12-01 on the shared 2-core machine (load average 15–22 from other work), one seed of
 * 1,300 stations × 105 today + 3 days × 30 history = 253,500 tickets, p50/p95 ms, district / one street:
 *   before migration 019 (counted per load from the ticket documents): 1,679/2,088   152/161   (20 runs)
 *   after (figures kept per station day and queue/counter by triggers):   331/787     377/479   (30 runs)
 * Same figures both times (45,313 waiting, 130 hubs). EXPLAIN ANALYZE before: ~230,000 row visits of
 * ticket JSON per load (1.2 s + 1.0 s for the two counts); after: ~3 summary rows a station (50–60 ms
 * each). The load no longer grows with today's tickets or the history, only with the stations.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadAverage, openBenchDistrict, out, percentile } from '#bench/seeded-district.ts';
import { addDays } from '#protocol/report-api.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { buildApp } from '#server/app.ts';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '1300' },
    today: { type: 'string', default: '105' },
    'history-days': { type: 'string', default: '30' },
    'history-per-day': { type: 'string', default: '30' },
    runs: { type: 'string', default: '20' },
    port: { type: 'string', default: '55434' },
    'database-url': { type: 'string' },
    // With --database-url: work in this schema and keep it (a later run reuses its seed instead of seeding again).
    schema: { type: 'string' },
  },
});
const STATIONS = Number(values.stations);
const TODAY_PER_STATION = Number(values.today);
const HISTORY_DAYS = Number(values['history-days']);
const HISTORY_PER_DAY = Number(values['history-per-day']);
const RUNS = Number(values.runs);
const PASSWORD = 'bench-overview-password';
const STREETS = 36;

const now = Date.now();
const today = stationDay(now, 480);
out(
  `bench:overview — ${STATIONS} stations, ${TODAY_PER_STATION} tickets each today (${today}), ` +
    `${HISTORY_DAYS} days × ${HISTORY_PER_DAY} before`,
);
const district = await openBenchDistrict('overview', {
  databaseUrl: values['database-url'],
  schema: values.schema,
  port: Number(values.port),
});
const repo = district.repo;
try {
  // A kept seed (bench:reports' 5 M tickets, say) gets the devices and today's tickets the overview reads.
  await district.seedOnce((kept) => (kept > 0 ? seedToday(now, today) : seed(now, today)));
  await time();
  out(loadAverage());
} finally {
  await district.close();
}

async function seed(now: number, today: string): Promise<void> {
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
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    await ticketsOf(addDays(today, -d), HISTORY_PER_DAY, false, now);
    if (d % 10 === 0) out(`  seeded history day -${d} (${((performance.now() - seedStart) / 1000).toFixed(0)} s)`);
  }
  await seedToday(now, today);
}

/**
 * The devices, their health reports, today's tickets and the operators, each kept where it exists
 * already (ON CONFLICT DO NOTHING), so it also tops up a kept seed.
 */
async function seedToday(now: number, today: string): Promise<void> {
  const db = repo.db;
  // A kiosk, a counter and a display per station, heard from in the last 20 minutes; every tenth station's display is its hub.
  await db.query(
    `INSERT INTO devices (id, station_id, name, role, issuing_slot, issuing_slots, credential_hash, last_seen_at, hub)
     SELECT s.id || '-' || r.role, s.id, r.role, r.role, r.slot, 2, md5(s.id || r.role) || md5(r.role || s.id),
       now() - make_interval(secs => abs(hashtext(s.id || r.role)) % 1200),
       r.role = 'display' AND right(s.id, 1) = '0'
     FROM stations s, (VALUES ('kiosk', 0), ('counter', 1), ('display', 0)) AS r (role, slot)
     ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO device_health (id, station_id, lwt, doc)
     SELECT d.id, d.station_id, nextval('lwt_seq'), jsonb_build_object('id', d.id, 'stationId', d.station_id,
       'deviceId', d.id, 'role', d.role, 'appVersion', '1.0.0', 'updatedAt', $1::bigint,
       'printer', jsonb_build_object('kind', 'network', 'paper', CASE WHEN abs(hashtext(d.id)) % 50 = 0 THEN 'out' ELSE 'ok' END),
       'outbox', CASE WHEN d.hub THEN abs(hashtext(d.id)) % 40 ELSE 0 END)
     FROM devices d
     ON CONFLICT DO NOTHING`,
    [now],
  );
  await ticketsOf(today, TODAY_PER_STATION, true, now);
  await db.query('ANALYZE');
  // Names of their own: a kept seed of bench:reports has its own 'bench' operator, with another password.
  for (const operator of [
    { username: 'overview-admin', displayName: 'overview-admin', role: 'admin' as const, password: PASSWORD },
    {
      username: 'overview-street',
      displayName: 'overview-street',
      role: 'supervisor' as const,
      street: '街镇 7',
      password: PASSWORD,
    },
  ]) {
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM operators WHERE username = $1',
      [operator.username],
    );
    if (n === 0) await repo.operators.create(operator);
  }
}

/** `perStation` tickets at every station on `day`; today's (`open`) partly waiting or being served. */
function ticketsOf(day: string, perStation: number, open: boolean, now: number) {
  const midnight = Date.parse(`${day}T00:00:00Z`) - 480 * 60_000;
  // Today's tickets were issued over the last hours (none in the future); older days over opening hours.
  const issued = open ? `${now} - (h % 21600) * 1000` : `${midnight} + (510 + h % 540) * 60000`;
  return repo.db.query(
    `INSERT INTO tickets (id, station_id, lwt, doc)
       SELECT s.id || '-' || $1 || '-' || k, s.id, nextval('lwt_seq'), jsonb_strip_nulls(jsonb_build_object(
         'id', s.id || '-' || $1 || '-' || k, 'stationId', s.id, 'deviceId', s.id || '-kiosk', 'day', $1::text,
         'queue', chr(65 + k % 3), 'seq', k, 'number', chr(65 + k % 3) || lpad(k::text, 3, '0'),
         'serviceId', 'district-' || (1 + k % 42), 'channel', 'kiosk', 'lang', 'zh-Hans', 'priority', false,
         'status', x.status, 'issuedAt', x.issued, 'callCount', 0, 'counter', CASE WHEN x.status <> 'waiting' THEN '1' END,
         'calledAt', CASE WHEN x.status <> 'waiting' THEN x.issued + 60000 END,
         'history', jsonb_build_array(jsonb_build_object('action', 'issue', 'at', x.issued, 'by', s.id || '-kiosk',
           'from', 'waiting', 'to', 'waiting'))))
       FROM stations s, generate_series(1, $2::int) AS k,
         LATERAL (SELECT abs(hashtext(s.id || $1 || k)) AS h) AS r,
         LATERAL (SELECT ${issued} AS issued,
           CASE WHEN NOT $3::boolean OR r.h % 3 = 0 THEN 'done' WHEN r.h % 3 = 1 THEN 'waiting' ELSE 'serving' END AS status) AS x
       ON CONFLICT DO NOTHING`,
    [day, perStation, open],
  );
}

async function time(): Promise<void> {
  const app = await buildApp({ repo, adminToken: randomBytes(16).toString('hex') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/console/api`;
  const signIn = async (username: string) => {
    const session = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return (session.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  out(`\n${'overview'.padEnd(40)} ${'stations'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  ≤ 1 s`);
  for (const [label, username] of [
    ['district (administrator)', 'overview-admin'],
    ['one street (its supervisor)', 'overview-street'],
  ] as const) {
    const cookie = await signIn(username);
    const times: number[] = [];
    let count = 0;
    let waiting = 0;
    let hubs = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const res = await fetch(`${base}/overview`, { headers: { cookie } });
      const body = (await res.json()) as {
        stations: { queues: { waiting: number }[]; hub: unknown }[];
      };
      times.push(performance.now() - start);
      if (!res.ok) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
      count = body.stations.length;
      waiting = body.stations.reduce((a, s) => a + s.queues.reduce((b, q) => b + q.waiting, 0), 0);
      hubs = body.stations.filter((s) => s.hub !== null).length;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    out(
      `measured: ${label.padEnd(30)} ${String(count).padStart(9)} ${percentile(times, 50).toFixed(0).padStart(8)} ${p95.toFixed(0).padStart(8)}  ${p95 <= 1000 ? 'yes' : 'NO'}  (${waiting} waiting, ${hubs} hubs)`,
    );
  }
  await app.close();
}
