/**
 * What the resident's booking page reads: a station's public booking key (made on
 * first use, migration 018) and, from a key, only what the page may show — the
 * station's name, its bookable services and their free places, and whether the
 * station is online. Never an appointment, a name or a code of anyone.
 */
import { randomBytes } from 'node:crypto';
import { toBase64Url } from '#protocol/follow-link.ts';
import { BOOKING_PATH_PREFIX } from '#protocol/booking-api.ts';
import type { AppointmentDoc, StationDoc } from '#protocol/schemas.ts';
import type { Queryable, Tx } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import { selectStationDoc } from '#server/repositories/rule-facts-sql.ts';
import { stationHeardAt } from '#server/follow/follow-store.ts';

/** 128 random bits: a station's page cannot be found by trying keys (and the page is rate-limited). */
const BOOKING_KEY_BYTES = 16;
export const BOOKING_KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** A station as its booking page knows it. */
export interface BookingStation {
  stationId: string;
  station: StationDoc;
  /** When the district last heard from a device of the station (epoch ms), or null. */
  heardAt: number | null;
}

/** The station's booking key; made (randomly) the first time it is asked for. */
export async function bookingKeyFor(q: Queryable, stationId: string): Promise<string> {
  // Two operators asking at once both insert; the loser's key is dropped and both read the winner's.
  await q.query('INSERT INTO booking_keys (station_id, key) VALUES ($1, $2) ON CONFLICT (station_id) DO NOTHING', [
    stationId,
    toBase64Url(randomBytes(BOOKING_KEY_BYTES)),
  ]);
  const [row] = await q.query<{ key: string }>('SELECT key FROM booking_keys WHERE station_id = $1', [stationId]);
  if (!row) throw new Error(`no booking key for station ${stationId}`);
  return row.key;
}

/** The station behind a booking key, or null for a key that is none (the page then says only that). */
export async function bookingStation(q: Queryable, key: string): Promise<BookingStation | null> {
  if (!BOOKING_KEY_PATTERN.test(key)) return null;
  const [row] = await q.query<{ station_id: string; doc: StationDoc | null }>(
    `SELECT k.station_id, d.doc FROM booking_keys k
     LEFT JOIN station_docs d ON d.id = k.station_id AND NOT d.deleted
     WHERE k.key = $1`,
    [key],
  );
  if (!row?.doc) return null;
  return { stationId: row.station_id, station: row.doc, heardAt: await stationHeardAt(q, row.station_id) };
}

/** The booking page's address of a station with a catalog (`base`: the district's public URL). @throws station_unknown */
export async function bookingUrl(q: Queryable, stationId: string, base: string): Promise<string> {
  if (!(await selectStationDoc(q, stationId)))
    throw new DomainError(404, 'station_unknown', `no station "${stationId}" with a catalog`);
  return `${base.replace(/\/+$/, '')}${BOOKING_PATH_PREFIX}${await bookingKeyFor(q, stationId)}`;
}

/** The token of one rendered booking form: random, so one form's booking cannot be looked up by another phone. */
export const newBookingToken = (): string => toBase64Url(randomBytes(BOOKING_KEY_BYTES));
export const BOOKING_TOKEN_PATTERN = BOOKING_KEY_PATTERN;
/** How long a form's token is remembered: a phone resending a form later than this books again. */
const TOKEN_KEEP = "interval '2 days'";

/** The booking an earlier send of the form with `token` made at the station, while it still stands; else null. */
export async function bookedWithToken(q: Queryable, token: string, stationId: string): Promise<AppointmentDoc | null> {
  const [row] = await q.query<{ doc: AppointmentDoc }>(
    `SELECT a.doc FROM booking_tokens b JOIN appointments a ON a.id = b.appointment_id AND a.station_id = b.station_id
     WHERE b.token = $1 AND b.station_id = $2 AND NOT a.deleted AND a.doc->>'status' IN ('booked', 'checked_in')`,
    [token, stationId],
  );
  return row?.doc ?? null;
}

/**
 * Claims a form's token in the booking's transaction `tx` (migration 022). Returns
 * null when the token is new (the caller books, then calls recordBookingToken), or
 * the appointment an earlier send of the same form booked. A send racing the first
 * waits on the insert until the first commits. A send that booked nothing (refused)
 * rolled back, and its token with it.
 * @throws DomainError booking_token_used (409): the form's booking is cancelled, or the token is another station's
 */
export async function claimBookingToken(tx: Tx, token: string, stationId: string): Promise<AppointmentDoc | null> {
  await tx.query(`DELETE FROM booking_tokens WHERE created_at < now() - ${TOKEN_KEEP}`);
  const claimed = await tx.query(
    'INSERT INTO booking_tokens (token, station_id) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING RETURNING token',
    [token, stationId],
  );
  if (claimed.length > 0) return null;
  const earlier = await bookedWithToken(tx, token, stationId);
  if (!earlier) throw new DomainError(409, 'booking_token_used', 'this booking form was already sent');
  return earlier;
}

/** Records the appointment a form's send booked under its claimed token. */
export async function recordBookingToken(tx: Tx, token: string, appointmentId: string): Promise<void> {
  await tx.query('UPDATE booking_tokens SET appointment_id = $2 WHERE token = $1', [token, appointmentId]);
}
