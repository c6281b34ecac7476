/**
 * What the resident's booking page reads: a station's public booking key (made on
 * first use, migration 018) and, from a key, only what the page may show — the
 * station's name, its bookable services and their free places, and whether the
 * station is online. Never an appointment, a name or a code of anyone.
 */
import { randomBytes } from 'node:crypto';
import { toBase64Url } from '#protocol/follow-link.ts';
import { BOOKING_PATH_PREFIX } from '#protocol/booking-api.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import type { Queryable } from '#server/db/db.ts';
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
