/**
 * What the queue's rules need from the database during a push: the station's
 * catalog document and the numbers its tickets already hold. Read inside the
 * push's transaction, after the collection lock, so no concurrent push can take
 * a number in between.
 */
import type { StationDoc } from '#protocol/schemas.ts';
import type { Queryable } from '#server/db/db.ts';

/** The station's current catalog document, or undefined when the district has none for it. */
export async function selectStationDoc(q: Queryable, stationId: string): Promise<StationDoc | undefined> {
  const [row] = await q.query<{ doc: StationDoc }>('SELECT doc FROM station_docs WHERE id = $1 AND NOT deleted', [
    stationId,
  ]);
  return row?.doc;
}

/** "day number", the key of the unique (station, day, number) index on tickets (migration 003). */
export function numberKey(day: string, number: string): string {
  return `${day} ${number}`;
}

/**
 * Which of these (day, number) pairs another stored ticket of the station already
 * holds. `NOT legacy_duplicate` lets the planner use the partial unique index
 * (without it every push scans the station's tickets); a legacy duplicate's number
 * is held by the first ticket of its group, which is in the index.
 */
export async function selectTakenNumbers(
  q: Queryable,
  stationId: string,
  wanted: readonly { day: string; number: string }[],
): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const rows = await q.query<{ day: string; number: string }>(
    `SELECT t.doc->>'day' AS day, t.doc->>'number' AS number
     FROM tickets t
     JOIN jsonb_to_recordset($2::jsonb) AS w (day text, number text)
       ON t.doc->>'day' = w.day AND t.doc->>'number' = w.number
     WHERE t.station_id = $1 AND NOT t.legacy_duplicate`,
    [stationId, JSON.stringify(wanted)],
  );
  return new Set(rows.map((r) => numberKey(r.day, r.number)));
}
