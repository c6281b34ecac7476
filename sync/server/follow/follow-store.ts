/**
 * What the phone page reads: a station's follow key (created on first use) and the
 * facts about one ticket's station that its page shows. Read-only except for the
 * key; every query is by the ticket's own station, so a page can never show
 * another station's rows.
 */
import { randomBytes } from 'node:crypto';
import { FOLLOW_KEY_BYTES, toBase64Url } from '#protocol/follow-link.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { RECENT_DAYS, type ServiceSample } from '#protocol/wait-estimate.ts';
import type { Db, Queryable } from '#server/db/db.ts';

/** A ticket as the link check sees it: its station, and that station's key if one was ever made. */
export interface FollowTarget {
  ticket: TicketDoc;
  stationKey: string | null;
}

/** Everything a ticket's page is computed from. */
export interface StationFacts {
  station: StationDoc | null;
  service: ServiceDoc | null;
  /** The station's tickets of the ticket's day (any status). */
  dayTickets: TicketDoc[];
  /** Finished tickets of the recent days, for the wait estimate. */
  finished: ServiceSample[];
  /** When the district last heard from any device of the station (epoch ms), or null. */
  heardAt: number | null;
  /** The latest day the station has issued tickets on (its devices' calendar), or null. */
  latestDay: string | null;
}

/** Most finished tickets read for an estimate: it uses at most 200 per queue anyway. */
const FINISHED_LIMIT = 3000;

const toMs = (value: unknown): number | null =>
  value === null || value === undefined ? null : new Date(value as string | Date).getTime();

/**
 * When the district last heard from any (not revoked) device of the station, epoch
 * ms, or null for never: the phone pages' one test of whether a station is online
 * (follow-view.ts `stationQuiet`), for the follow page and the booking page alike.
 */
export async function stationHeardAt(q: Queryable, stationId: string): Promise<number | null> {
  const [heard] = await q.query<{ at: unknown }>(
    'SELECT max(last_seen_at) AS at FROM devices WHERE station_id = $1 AND revoked_at IS NULL',
    [stationId],
  );
  return toMs(heard?.at);
}

export interface FollowStore {
  /** The station's key; made (randomly) the first time it is asked for. */
  keyFor(stationId: string): Promise<string>;
  /** The ticket of a link and its station's key, in one query; null for no such ticket. */
  target(ticketId: string): Promise<FollowTarget | null>;
  facts(ticket: TicketDoc, now: number): Promise<StationFacts>;
}

export function followStore(db: Db): FollowStore {
  return {
    async keyFor(stationId) {
      // Two devices asking at once both insert; the loser's key is dropped and both read the winner's.
      await db.query('INSERT INTO follow_keys (station_id, key) VALUES ($1, $2) ON CONFLICT (station_id) DO NOTHING', [
        stationId,
        toBase64Url(randomBytes(FOLLOW_KEY_BYTES)),
      ]);
      const [row] = await db.query<{ key: string }>('SELECT key FROM follow_keys WHERE station_id = $1', [stationId]);
      if (!row) throw new Error(`no follow key for station ${stationId}`);
      return row.key;
    },
    async target(ticketId) {
      // One query whether or not the ticket exists, so the answer takes about as long either way.
      const [row] = await db.query<{ doc: TicketDoc; key: string | null }>(
        `SELECT t.doc, k.key FROM tickets t LEFT JOIN follow_keys k ON k.station_id = t.station_id
         WHERE t.id = $1 AND NOT t.deleted`,
        [ticketId],
      );
      return row ? { ticket: row.doc, stationKey: row.key } : null;
    },
    async facts(ticket, now) {
      const stationId = ticket.stationId;
      const [stationRow] = await db.query<{ doc: StationDoc }>(
        'SELECT doc FROM station_docs WHERE id = $1 AND NOT deleted',
        [stationId],
      );
      const station = stationRow?.doc ?? null;
      const [serviceRow] = await db.query<{ doc: ServiceDoc }>(
        `SELECT doc FROM services WHERE id = $1 AND station_id IN ($2, '') AND NOT deleted`,
        [ticket.serviceId, stationId],
      );
      const dayTickets = (
        await db.query<{ doc: TicketDoc }>(
          `SELECT doc FROM tickets WHERE station_id = $1 AND doc->>'day' = $2 AND NOT deleted`,
          [stationId, ticket.day],
        )
      ).map((r) => r.doc);
      const offset = station?.utcOffsetMinutes ?? 480;
      const sinceDay = stationDay(now - RECENT_DAYS * 24 * 60 * 60_000, offset);
      const finished = await db.query<{ queue: string; calledAt: unknown; startedAt: unknown; endedAt: unknown }>(
        `SELECT doc->>'queue' AS queue, (doc->>'calledAt')::float8 AS "calledAt",
                (doc->>'startedAt')::float8 AS "startedAt", (doc->>'endedAt')::float8 AS "endedAt"
         FROM tickets
         WHERE station_id = $1 AND doc->>'day' >= $2 AND doc->>'status' = 'done' AND NOT deleted
           AND doc ? 'startedAt' AND doc ? 'endedAt'
         ORDER BY doc->>'day' DESC LIMIT ${FINISHED_LIMIT}`,
        [stationId, sinceDay],
      );
      const [latest] = await db.query<{ day: string | null }>(
        `SELECT max(doc->>'day') AS day FROM tickets WHERE station_id = $1 AND NOT legacy_duplicate`,
        [stationId],
      );
      return {
        station,
        service: serviceRow?.doc ?? null,
        dayTickets,
        finished: finished.map((f) => ({
          queue: f.queue,
          startedAt: Number(f.startedAt),
          endedAt: Number(f.endedAt),
          ...(f.calledAt !== null && f.calledAt !== undefined ? { calledAt: Number(f.calledAt) } : {}),
        })),
        heardAt: await stationHeardAt(db, stationId),
        latestDay: latest?.day ?? null,
      };
    },
  };
}
