/**
 * Cross-instance events over LISTEN/NOTIFY on one channel. NOTIFY is transactional:
 * listeners hear an event only after the transaction that sent it committed, which
 * is exactly when a stream may tell devices about it. PGlite implements the same,
 * in process, so one code path serves both drivers.
 */
import { REPLICATED_COLLECTIONS } from '#protocol/wire-messages.ts';
import type { Db, Queryable } from '#server/db/db.ts';
import type { Logger } from '#server/logger.ts';
import type { DistrictEvent, EventsRepository } from './repository.ts';

/** Sends an event when (and only if) the surrounding transaction commits. */
export async function notify(q: Queryable, channel: string, event: DistrictEvent): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(event)]);
}

function parseEvent(payload: string): DistrictEvent | null {
  try {
    const event = JSON.parse(payload) as Partial<Record<string, unknown>>;
    if (event.type === 'changed' && (REPLICATED_COLLECTIONS as readonly unknown[]).includes(event.collection)) {
      return event as DistrictEvent;
    }
    if (event.type === 'device_revoked' && typeof event.deviceId === 'string') return event as DistrictEvent;
  } catch {
    // fall through: someone else's NOTIFY on our channel is ignored, not fatal
  }
  return null;
}

export function eventsRepository(db: Db, channel: string, log: Logger): EventsRepository {
  return {
    listen(onEvent, onReconnect) {
      return db.listen(channel, {
        onMessage(payload) {
          const event = parseEvent(payload);
          if (event) onEvent(event);
          else log.warn({ channel }, 'ignored an unrecognised event');
        },
        onReconnect,
      });
    },
  };
}
