/**
 * What the queue's rules need from the database during a push: the station's
 * catalog document and the numbers its tickets already hold. Read inside the
 * push's transaction, after the collection lock, so no concurrent push can take
 * a number in between.
 */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { AppointmentDoc, StationDoc } from '#protocol/schemas.ts';
import type { DeviceIdentity } from '#server/domain/push-decision.ts';
import type { Queryable } from '#server/db/db.ts';
import { BOOKING_LOCK_NAMESPACE } from '#server/db/locks.ts';

/**
 * Serializes bookings of one station until the transaction ends: capacity is a
 * count over other rows, which row locks cannot protect (two counters booking the
 * slot's last place would each see it free). Other stations book in parallel.
 */
export async function lockBookings(q: Queryable, stationId: string): Promise<void> {
  // The schema in the key: one database may hold several districts' schemas (the test suites do).
  await q.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '/' || $2))", [
    BOOKING_LOCK_NAMESPACE,
    stationId,
  ]);
}

/** The station's stored appointments (any status) of these station days. */
export async function selectAppointmentsOfDays(
  q: Queryable,
  stationId: string,
  days: readonly string[],
): Promise<AppointmentDoc[]> {
  if (days.length === 0) return [];
  const rows = await q.query<{ doc: AppointmentDoc }>(
    `SELECT doc FROM appointments WHERE station_id = $1 AND doc->>'day' = ANY($2::text[]) AND NOT deleted`,
    [stationId, days],
  );
  return rows.map((r) => r.doc);
}

/** The station's stored appointments of these ids. */
export async function selectAppointments(
  q: Queryable,
  stationId: string,
  ids: readonly string[],
): Promise<AppointmentDoc[]> {
  const rows = await q.query<{ doc: AppointmentDoc }>(
    `SELECT doc FROM appointments WHERE station_id = $1 AND id = ANY($2::text[]) AND NOT deleted`,
    [stationId, ids],
  );
  return rows.map((r) => r.doc);
}

/**
 * The station's current devices among `ids` (not revoked, not its hub), as the
 * identity a direct push of theirs would carry. The same answer for a device of
 * another station, a revoked one and an unknown id: absent.
 */
export async function selectStationDevices(
  q: Queryable,
  stationId: string,
  ids: readonly string[],
): Promise<Map<string, DeviceIdentity>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: string; role: DeviceRole; issuing_slot: number; issuing_slots: number }>(
    `SELECT id, role, issuing_slot, issuing_slots FROM devices
     WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND station_id = $2 AND revoked_at IS NULL AND NOT hub`,
    [JSON.stringify(ids), stationId],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, stationId, role: r.role, issuingSlot: r.issuing_slot, issuingSlots: r.issuing_slots },
    ]),
  );
}

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
