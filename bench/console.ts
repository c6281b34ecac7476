/**
 * bench/console: does the district console open fast with a whole district in it?
 * 1,300 stations and 60,000 catalog rows (42 district items plus each station's
 * own), then the requests the console's station list and catalog list make —
 * first page, a search, a filter, a far page — over real HTTP with a signed-in
 * operator. Prints p50/p95 per request against the 1 s bar; asserts nothing.
 *
 *   npm run bench:console [-- --stations 1300 --services 60000 --runs 20 --database-url postgres://…]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '#server/app.ts';
import { createLogger } from '#server/logger.ts';
import { openRepository } from '#server/repositories/open.ts';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '1300' },
    services: { type: 'string', default: '60000' },
    runs: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
  },
});
const STATIONS = Number(values.stations);
const SERVICES = Number(values.services);
const RUNS = Number(values.runs);
const DISTRICT_ITEMS = 42;
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
const schema = databaseUrl ? `bench_console_${randomBytes(4).toString('hex')}` : undefined;
const PASSWORD = 'bench-console-password';

const text = (s: string) => `jsonb_build_object('zh-Hans', ${s}, 'zh-Hant', ${s}, 'en', ${s})`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const log = createLogger({ level: 'warn' });
const repo = await openRepository({ databaseUrl, schema, log });
try {
  const seedStart = performance.now();
  const db = repo.db;
  await db.query(
    `INSERT INTO stations (id, name, street)
     SELECT 'st-' || lpad(i::text, 4, '0'), '第 ' || i || ' 号家门口服务站', '街镇 ' || (i % 36)
     FROM generate_series(1, $1::int) AS i`,
    [STATIONS],
  );
  await db.query(
    `INSERT INTO station_docs (id, station_id, lwt, doc)
     SELECT s.id, s.id, nextval('lwt_seq'), jsonb_build_object(
       'id', s.id, 'name', ${text('s.name')}, 'address', ${text("'浦东新区 ' || s.id || ' 路'")},
       'utcOffsetMinutes', 480,
       'hours', '[{"days":[1,2,3,4,5],"from":"08:30","to":"17:30"}]'::jsonb,
       'queues', '[{"letter":"A","name":{"zh-Hans":"综合","zh-Hant":"綜合","en":"General"},"location":{"zh-Hans":"1 号窗口","zh-Hant":"1 號窗口","en":"Window 1"}}]'::jsonb)
     FROM stations s`,
  );
  const perStation = Math.max(0, Math.ceil((SERVICES - DISTRICT_ITEMS) / STATIONS));
  const categories = `(ARRAY['party','government','life','legal','health','culture','community'])[1 + n % 7]`;
  const serviceDoc = (id: string, stationId: string) =>
    `jsonb_build_object('id', ${id}, 'stationId', ${stationId}, 'category', ${categories}, 'queue', 'A', 'order', n % 10000,
       'name', ${text("'服务事项 ' || n")}, 'summary', ${text("'一句话说明 ' || n")}, 'description', ${text("'通俗说明 ' || n")},
       'bring', '{"zh-Hans":["身份证"],"zh-Hant":["身份證"],"en":["ID card"]}'::jsonb,
       'schedule', '[{"days":[1,2,3,4,5],"from":"09:00","to":"17:00"}]'::jsonb, 'ticket', true,
       'department', ${text("'部门 ' || (n % 19)")})`;
  await db.query(
    `INSERT INTO services (id, station_id, lwt, doc)
     SELECT 'district-' || n, '', nextval('lwt_seq'), ${serviceDoc("'district-' || n", "''")}
     FROM generate_series(1, ${DISTRICT_ITEMS}) AS n`,
  );
  await db.query(
    `INSERT INTO services (id, station_id, lwt, doc)
     SELECT s.id || '-' || k, s.id, nextval('lwt_seq'), ${serviceDoc("s.id || '-' || k", 's.id')}
     FROM stations s, generate_series(1, $1::int) AS k, LATERAL (SELECT k + 100 * row_number() OVER () AS n) AS x`,
    [perStation],
  );
  await db.query('ANALYZE');
  const [{ n: serviceCount } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM services');
  await repo.operators.create({ username: 'bench', displayName: 'bench', role: 'admin', password: PASSWORD });
  await repo.operators.create({
    username: 'street',
    displayName: 'street',
    role: 'supervisor',
    street: '街镇 7',
    password: PASSWORD,
  });
  process.stdout.write(
    `seeded ${STATIONS} stations and ${serviceCount} catalog rows on ${repo.db.kind} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );

  const app = await buildApp({ repo, logger: log });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/console/api`;
  const cookieOf = async (username: string) => {
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  const cookies = { admin: await cookieOf('bench'), supervisor: await cookieOf('street') };

  const cases: [string, keyof typeof cookies, string][] = [
    ['station list, first page', 'admin', '/stations?limit=50'],
    ['station list, search "1234"', 'admin', '/stations?limit=50&q=1234'],
    ['station list, page 20', 'admin', '/stations?limit=50&offset=950'],
    ['station list, a supervisor (one street)', 'supervisor', '/stations?limit=50'],
    ['catalog list, first page', 'admin', '/services?limit=50'],
    ['catalog list, search "服务事项 42"', 'admin', `/services?limit=50&q=${encodeURIComponent('服务事项 42')}`],
    ['catalog list, search "st-0042"', 'admin', `/services?limit=50&q=${encodeURIComponent('st-0042')}`],
    ['catalog list, category health', 'admin', '/services?limit=50&category=health'],
    ['catalog list, department filter', 'admin', `/services?limit=50&department=${encodeURIComponent('部门 3')}`],
    ['catalog list, one station', 'admin', '/services?limit=50&stationId=st-0700'],
    ['catalog list, page 600', 'admin', '/services?limit=50&offset=30000'],
    ['catalog list, a supervisor (one street)', 'supervisor', '/services?limit=50'],
  ];
  process.stdout.write(`\n${'request'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  ≤ 1 s\n`);
  for (const [label, who, path] of cases) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie: cookies[who] } });
      const body = (await res.json()) as { total: number };
      times.push(performance.now() - start);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      total = body.total;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    process.stdout.write(
      `${`${label} (${total} found)`.padEnd(44)} ${percentile(times, 50).toFixed(0).padStart(8)} ${p95.toFixed(0).padStart(8)}  ${p95 <= 1000 ? 'yes' : 'NO'}\n`,
    );
  }
  await app.close();
} finally {
  await repo.close();
  if (databaseUrl && schema) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
