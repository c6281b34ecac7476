/**
 * 好差评 follow-up cases and the rating distribution (console). Cases are opened
 * by the database itself when a bad rating is stored (migration 015); here they
 * are read, and annotated: a next status, an owner, a note, each an appended
 * event. Nothing here writes `tickets`: the rating stays as the resident gave it.
 */
import type { Db, Queryable, Tx } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import {
  canMoveCase,
  type CaseChange,
  type CaseEvent,
  type CaseListQuery,
  type CaseSettings,
  type CaseStatus,
  type RatingCase,
  type RatingCaseDetail,
  type RatingDistribution,
  type RatingGrouping,
  type RatingRow,
} from '#protocol/rating-cases.ts';
import type { Page } from '#protocol/console-api.ts';
import { toIso, toNumber } from './rows.ts';

interface CaseSql {
  id: string | number;
  ticket_id: string;
  station_id: string;
  station_name: string | null;
  street: string | null;
  ticket_number: string;
  ticket_day: string;
  service_id: string;
  served_by: string;
  level: number;
  reasons: string[];
  rated_at: unknown;
  opened_at: unknown;
  working_days: number;
  due_on: unknown;
  owner: string;
  status: CaseStatus;
  overdue: boolean;
  updated_at: unknown;
}

/**
 * Overdue: neither rectified nor closed once the station's local day is past the
 * deadline day. The station's clock is its `utcOffsetMinutes` (Shanghai's when it
 * has no document yet). The one definition, used for the flag and the filter alike.
 */
const OVERDUE_SQL = `(c.status IN ('open', 'contacted') AND
  ((now() AT TIME ZONE 'UTC') + make_interval(mins => coalesce((sd.doc->>'utcOffsetMinutes')::integer, 480)))::date > c.due_on)`;

const CASE_SELECT = `
SELECT c.id, c.ticket_id, c.station_id, s.name AS station_name, s.street, c.ticket_number, c.ticket_day, c.service_id,
       c.served_by, c.level, c.reasons, c.rated_at, c.opened_at, c.working_days, to_char(c.due_on, 'YYYY-MM-DD') AS due_on,
       c.owner, c.status, ${OVERDUE_SQL} AS overdue, c.updated_at
FROM rating_cases c
LEFT JOIN stations s ON s.id = c.station_id
LEFT JOIN station_docs sd ON sd.id = c.station_id`;

function toCase(r: CaseSql): RatingCase {
  return {
    id: toNumber(r.id),
    ticketId: r.ticket_id,
    stationId: r.station_id,
    stationName: r.station_name ?? r.station_id,
    street: r.street ?? '',
    ticketNumber: r.ticket_number,
    ticketDay: r.ticket_day,
    serviceId: r.service_id,
    servedBy: r.served_by,
    level: r.level,
    reasons: Array.isArray(r.reasons) ? r.reasons : [],
    ratedAt: r.rated_at === null ? null : toIso(r.rated_at),
    openedAt: toIso(r.opened_at),
    workingDays: r.working_days,
    dueOn: String(r.due_on),
    owner: r.owner,
    status: r.status,
    overdue: r.overdue,
    updatedAt: toIso(r.updated_at),
  };
}

/** What an operator may see: null street means every street. */
export interface CaseScope {
  street: string | null;
}

const scopeWhere = (first: number) => `($${first}::text IS NULL OR s.street = $${first})`;

export async function listCases(db: Queryable, scope: CaseScope, q: CaseListQuery): Promise<Page<RatingCase>> {
  const where = `WHERE ${scopeWhere(1)}
    AND ($2::text IS NULL OR s.street = $2)
    AND ($3::text IS NULL OR c.station_id = $3)
    AND ($4::text IS NULL OR c.status = $4)
    AND ($5::boolean IS NULL OR ${OVERDUE_SQL} = $5)`;
  const params = [scope.street, q.street ?? null, q.stationId ?? null, q.status ?? null, q.overdue ?? null];
  const [count] = await db.query<{ n: unknown }>(
    `SELECT count(*) AS n FROM rating_cases c LEFT JOIN stations s ON s.id = c.station_id
     LEFT JOIN station_docs sd ON sd.id = c.station_id ${where}`,
    params,
  );
  // Overdue first, then the nearest deadline: what an operator must act on leads the list.
  const rows = await db.query<CaseSql>(
    `${CASE_SELECT} ${where} ORDER BY ${OVERDUE_SQL} DESC, (c.status = 'closed'), c.due_on, c.id LIMIT $6 OFFSET $7`,
    [...params, Math.min(Math.max(q.limit ?? 50, 1), 200), Math.max(q.offset ?? 0, 0)],
  );
  return { total: toNumber(count?.n ?? 0), items: rows.map(toCase) };
}

interface EventSql {
  at: unknown;
  actor: string;
  kind: CaseEvent['kind'];
  status: CaseStatus | null;
  owner: string | null;
  note: string | null;
}

/** The case, when it exists and the scope covers its station; otherwise null (a 404 for the route). */
export async function getCase(db: Queryable, scope: CaseScope, id: number): Promise<RatingCaseDetail | null> {
  const [row] = await db.query<CaseSql>(`${CASE_SELECT} WHERE c.id = $2 AND ${scopeWhere(1)}`, [scope.street, id]);
  if (!row) return null;
  const events = await db.query<EventSql>(
    'SELECT at, actor, kind, status, owner, note FROM rating_case_events WHERE case_id = $1 ORDER BY id',
    [id],
  );
  const [ticket] = await db.query<{ rating: RatingCaseDetail['rating'] }>(
    `SELECT doc->'rating' AS rating FROM tickets WHERE id = $1`,
    [row.ticket_id],
  );
  return {
    ...toCase(row),
    events: events.map((e) => ({ ...e, at: toIso(e.at) })),
    rating: ticket?.rating ?? null,
  };
}

/** What a change did, for its audit row. */
export interface CaseChangeResult {
  before: RatingCaseDetail;
  after: RatingCaseDetail;
}

/**
 * Applies an operator's change inside `tx`: the row is locked, so two operators
 * moving one case at once cannot both take the same step.
 * @throws DomainError case_unknown, case_status_order
 */
export async function changeCase(
  tx: Tx,
  scope: CaseScope,
  id: number,
  change: CaseChange,
  actor: string,
): Promise<CaseChangeResult> {
  const [locked] = await tx.query<{ id: unknown }>('SELECT id FROM rating_cases WHERE id = $1 FOR UPDATE', [id]);
  const before = locked ? await getCase(tx, scope, id) : null;
  if (!before) throw new DomainError(404, 'case_unknown', `no follow-up case ${id}`);
  if (change.status !== undefined && !canMoveCase(before.status, change.status)) {
    throw new DomainError(
      409,
      'case_status_order',
      `a case moves one step forward (open → contacted → rectified → closed); this one is ${before.status}`,
    );
  }
  const record = (kind: CaseEvent['kind'], values: { status?: string; owner?: string; note?: string }) =>
    tx.query(
      'INSERT INTO rating_case_events (case_id, actor, kind, status, owner, note) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, actor, kind, values.status ?? null, values.owner ?? null, values.note ?? null],
    );
  if (change.owner !== undefined && change.owner !== before.owner) await record('owner', { owner: change.owner });
  if (change.status !== undefined) await record('status', { status: change.status });
  if (change.note !== undefined) await record('note', { note: change.note });
  await tx.query(
    `UPDATE rating_cases SET status = coalesce($2, status), owner = coalesce($3, owner), updated_at = now() WHERE id = $1`,
    [id, change.status ?? null, change.owner ?? null],
  );
  const after = await getCase(tx, scope, id);
  return { before, after: after! };
}

export async function caseSettings(db: Queryable): Promise<CaseSettings> {
  const [row] = await db.query<{ working_days: number }>('SELECT working_days FROM case_settings');
  const holidays = await db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM case_holidays ORDER BY day`,
  );
  return { workingDays: row?.working_days ?? 5, holidays: holidays.map((h) => h.day) };
}

/** Replaces the district's settings; cases already open keep the deadline they were given. */
export async function putCaseSettings(tx: Tx, settings: CaseSettings): Promise<CaseSettings> {
  await tx.query('UPDATE case_settings SET working_days = $1, updated_at = now()', [settings.workingDays]);
  await tx.query('DELETE FROM case_holidays');
  await tx.query(
    'INSERT INTO case_holidays (day) SELECT DISTINCT d::date FROM jsonb_array_elements_text($1::jsonb) AS d',
    [JSON.stringify(settings.holidays)],
  );
  return caseSettings(tx);
}

export interface DistributionQuery {
  from: string;
  to: string;
  by: RatingGrouping;
  street?: string;
  stationId?: string;
}

const GROUP_KEY: Record<RatingGrouping, string> = {
  station: 't.station_id',
  service: `coalesce(t.doc->>'serviceId', '')`,
  // Who served the ticket: the staff member the rating is about (first-ask responsibility).
  staff: `coalesce(t.doc->>'servedBy', t.doc->>'firstReceivedBy', '')`,
};

/** Rated tickets of the station-local days from..to, counted per level and per station, item or staff member. */
export async function ratingDistribution(db: Db, scope: CaseScope, q: DistributionQuery): Promise<RatingDistribution> {
  const key = GROUP_KEY[q.by];
  const rows = await db.query<{ key: string; level: number; n: unknown }>(
    `SELECT ${key} AS key, (t.doc->'rating'->>'level')::integer AS level, count(*) AS n
     FROM tickets t JOIN stations s ON s.id = t.station_id
     WHERE t.doc->>'day' BETWEEN $1 AND $2 AND NOT t.deleted AND t.doc ? 'rating'
       AND ${scopeWhere(3)} AND ($4::text IS NULL OR s.street = $4) AND ($5::text IS NULL OR t.station_id = $5)
     GROUP BY 1, 2`,
    [q.from, q.to, scope.street, q.street ?? null, q.stationId ?? null],
  );
  const byKey = new Map<string, RatingRow>();
  const totals: RatingRow['counts'] = [0, 0, 0, 0, 0];
  for (const r of rows) {
    let row = byKey.get(r.key);
    if (!row) byKey.set(r.key, (row = { key: r.key, label: r.key, counts: [0, 0, 0, 0, 0], total: 0 }));
    const n = toNumber(r.n);
    const i = r.level - 1;
    if (i < 0 || i > 4) continue;
    row.counts[i] = row.counts[i]! + n;
    row.total += n;
    totals[i] = totals[i]! + n;
  }
  const keys = [...byKey.keys()];
  if (q.by === 'station' && keys.length > 0) {
    const names = await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM stations WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))',
      [JSON.stringify(keys)],
    );
    for (const n of names) byKey.get(n.id)!.label = n.name;
  }
  if (q.by === 'service' && keys.length > 0) {
    const names = await db.query<{ id: string; name: string }>(
      `SELECT id, doc->'name'->>'zh-Hans' AS name FROM services WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(keys)],
    );
    for (const n of names) byKey.get(n.id)!.label = n.name;
  }
  // Most bad ratings first: the rows a follow-up starts from.
  const sorted = [...byKey.values()].sort(
    (a, b) => b.counts[0] + b.counts[1] - (a.counts[0] + a.counts[1]) || b.total - a.total || (a.key < b.key ? -1 : 1),
  );
  return { by: q.by, rows: sorted, totals };
}
