/**
 * Needs → projects (console). Needs are read from every station; a project is
 * written like the catalog — through the replicated table, its write position
 * and a change event — so the station's devices pull it and live streams carry
 * it. Contact numbers leave this module only for operators who may see them.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import { SERVER_COLLECTIONS } from '#server/domain/collections.ts';
import type { StoredDoc } from '#server/domain/documents.ts';
import { canSeeNeedContact, visibleStreet, type Operator } from '#protocol/operator-roles.ts';
import type { NeedItem, NeedListQuery, ProjectInput, ProjectItem } from '#protocol/needs-projects.ts';
import type { Page } from '#protocol/console-api.ts';
import type { NeedDoc, ProjectDoc } from '#protocol/schemas.ts';
import { notify } from './events.ts';
import { lockCollection, selectForUpdate, writeRows } from './change-order-sql.ts';
import { toNumber } from './rows.ts';

const projects = SERVER_COLLECTIONS.projects;

/** The need's station-local day, from its (device-clock) time and the station's offset. */
const NEED_DAY_SQL = `to_char((to_timestamp((n.doc->>'createdAt')::numeric / 1000) AT TIME ZONE 'UTC')
  + make_interval(mins => coalesce((sd.doc->>'utcOffsetMinutes')::integer, 480)), 'YYYY-MM-DD')`;

interface NeedSql {
  id: string;
  station_id: string;
  station_name: string;
  street: string;
  doc: NeedDoc;
  project_id: string | null;
}

export async function listNeeds(db: Queryable, operator: Operator, q: NeedListQuery): Promise<Page<NeedItem>> {
  const where = `WHERE NOT n.deleted
    AND ($1::text IS NULL OR s.street = $1)
    AND ($2::text IS NULL OR s.street = $2)
    AND ($3::text IS NULL OR n.station_id = $3)
    AND ($4::text IS NULL OR n.doc->>'kind' = $4)
    AND ($5::text IS NULL OR ${NEED_DAY_SQL} >= $5)
    AND ($6::text IS NULL OR ${NEED_DAY_SQL} <= $6)`;
  const from = `FROM needs n JOIN stations s ON s.id = n.station_id LEFT JOIN station_docs sd ON sd.id = n.station_id`;
  const params = [
    visibleStreet(operator),
    q.street ?? null,
    q.stationId ?? null,
    q.kind ?? null,
    q.from ?? null,
    q.to ?? null,
  ];
  const [count] = await db.query<{ n: unknown }>(`SELECT count(*) AS n ${from} ${where}`, params);
  const rows = await db.query<NeedSql>(
    `SELECT n.id, n.station_id, s.name AS station_name, s.street, n.doc, pn.project_id
     ${from} LEFT JOIN project_needs pn ON pn.need_id = n.id ${where}
     ORDER BY (n.doc->>'createdAt')::numeric DESC, n.id LIMIT $7 OFFSET $8`,
    [...params, Math.min(Math.max(q.limit ?? 50, 1), 200), Math.max(q.offset ?? 0, 0)],
  );
  return {
    total: toNumber(count?.n ?? 0),
    items: rows.map((r) => {
      const contact = r.doc.contact?.trim() ?? '';
      return {
        id: r.id,
        stationId: r.station_id,
        stationName: r.station_name,
        street: r.street,
        kind: r.doc.kind,
        text: r.doc.text ?? '',
        lang: r.doc.lang,
        createdAt: r.doc.createdAt,
        hasContact: contact !== '',
        ...(contact !== '' && canSeeNeedContact(operator, r.street) ? { contact } : {}),
        projectId: r.project_id,
      };
    }),
  };
}

interface ProjectSql {
  doc: ProjectDoc;
  station_name: string;
  street: string;
  need_ids: string[] | null;
}

const PROJECT_SELECT = `
SELECT p.doc, s.name AS station_name, s.street,
       (SELECT jsonb_agg(pn.need_id ORDER BY pn.need_id) FROM project_needs pn WHERE pn.project_id = p.id) AS need_ids
FROM projects p JOIN stations s ON s.id = p.station_id`;

const toItem = (r: ProjectSql): ProjectItem => ({
  project: r.doc,
  stationName: r.station_name,
  street: r.street,
  needIds: r.need_ids ?? [],
});

/** Projects the street scope covers (null: every street), newest change first. */
export async function listProjects(
  db: Queryable,
  street: string | null,
  stationId: string | undefined,
): Promise<ProjectItem[]> {
  const rows = await db.query<ProjectSql>(
    `${PROJECT_SELECT} WHERE NOT p.deleted AND ($1::text IS NULL OR s.street = $1) AND ($2::text IS NULL OR p.station_id = $2)
     ORDER BY (p.doc->>'updatedAt')::numeric DESC, p.id LIMIT 500`,
    [street, stationId ?? null],
  );
  return rows.map(toItem);
}

export async function getProject(db: Queryable, street: string | null, id: string): Promise<ProjectItem | null> {
  const [row] = await db.query<ProjectSql>(
    `${PROJECT_SELECT} WHERE p.id = $2 AND NOT p.deleted AND ($1::text IS NULL OR s.street = $1)`,
    [street, id],
  );
  return row ? toItem(row) : null;
}

/**
 * Links exactly `needIds` to the project: each must be a need of the project's
 * station and not already another project's.
 * @throws DomainError invalid_request
 */
async function linkNeeds(tx: Tx, projectId: string, stationId: string, needIds: string[], actor: string) {
  const ids = [...new Set(needIds)];
  const found = await tx.query<{ id: string; station_id: string; project_id: string | null }>(
    `SELECT n.id, n.station_id, pn.project_id FROM needs n LEFT JOIN project_needs pn ON pn.need_id = n.id
     WHERE n.id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND NOT n.deleted FOR UPDATE OF n`,
    [JSON.stringify(ids)],
  );
  const byId = new Map(found.map((f) => [f.id, f]));
  const problems = ids.flatMap((id) => {
    const need = byId.get(id);
    if (!need) return [`need "${id}" does not exist`];
    if (need.station_id !== stationId) return [`need "${id}" is of another station`];
    if (need.project_id !== null && need.project_id !== projectId) return [`need "${id}" is in another project`];
    return [];
  });
  if (problems.length > 0)
    throw new DomainError(400, 'invalid_request', 'some needs cannot join this project', problems);
  await tx.query(
    `DELETE FROM project_needs WHERE project_id = $1 AND need_id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [projectId, JSON.stringify(ids)],
  );
  await tx.query(
    `INSERT INTO project_needs (need_id, project_id, linked_by)
     SELECT jsonb_array_elements_text($1::jsonb), $2, $3 ON CONFLICT (need_id) DO NOTHING`,
    [JSON.stringify(ids), projectId, actor],
  );
  return ids.length;
}

export interface SavedProject {
  before: ProjectDoc | null;
  after: ProjectItem;
}

/**
 * Creates (no `id`) or replaces a project of `stationId`, and tells the station's
 * devices: the row gets a new write position and a change event, like a catalog edit.
 */
export async function saveProject(
  tx: Tx,
  channel: string,
  input: ProjectInput & { stationId: string; id?: string },
  actor: string,
  now = Date.now(),
): Promise<SavedProject> {
  await lockCollection(tx, projects);
  const id = input.id ?? `p-${randomUUID()}`;
  const stored = input.id ? (await selectForUpdate(tx, projects, [id])).get(id) : undefined;
  if (input.id && (!stored || stored.deleted)) throw new DomainError(404, 'project_unknown', `no project "${id}"`);
  const stationId = stored ? stored.stationId : input.stationId;
  const needCount = await linkNeeds(tx, id, stationId, input.needIds, actor);
  const doc: ProjectDoc = {
    id,
    stationId,
    title: input.title,
    status: input.status,
    owner: input.owner,
    resources: input.resources,
    needCount,
    updatedAt: now,
  };
  const write = { id, stationId, deleted: false, doc: doc as unknown as StoredDoc };
  await writeRows(tx, projects, stored ? { inserts: [], updates: [write] } : { inserts: [write], updates: [] });
  await notify(tx, channel, { type: 'changed', collection: 'projects' });
  const after = await getProject(tx, null, id);
  return { before: stored ? (stored.doc as unknown as ProjectDoc) : null, after: after! };
}

/** saveProject bound to the district's NOTIFY channel, so live streams hear of the change. */
export type ProjectWriter = (
  tx: Tx,
  input: ProjectInput & { stationId: string; id?: string },
  actor: string,
) => Promise<SavedProject>;

export function projectWriter(channel: string): ProjectWriter {
  return (tx, input, actor) => saveProject(tx, channel, input, actor);
}
