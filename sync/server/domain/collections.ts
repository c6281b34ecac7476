/**
 * The server's view of each replicated collection: where it is stored, which rows
 * a device may see, whether a device may write it, and its wire schema.
 */
import { COLLECTIONS } from '#protocol/schemas.ts';
import { REPLICATED_COLLECTIONS, isDeviceWritable, type ReplicatedCollection } from '#protocol/wire-messages.ts';
import { COLLECTION_LOCKS } from '#server/db/locks.ts';
import { toWireSchema, type JsonSchema } from '#protocol/wire-schema.ts';

/**
 * - 'station': only rows of the device's station.
 * - 'station-or-district': those plus district-wide rows (station_id '').
 */
export type Scope = 'station' | 'station-or-district';

export interface ServerCollection {
  readonly name: ReplicatedCollection;
  /** SQL table; a fixed identifier, never user input. */
  readonly table: string;
  readonly lockKey: number;
  readonly scope: Scope;
  readonly deviceWritable: boolean;
  /** JSON schema of one document on the wire (the RxDB schema plus `_deleted`). */
  readonly wireSchema: JsonSchema;
  /** The station a document belongs to ('' = district-wide). */
  stationOf(doc: Record<string, unknown>): string;
}

const TABLES: Record<ReplicatedCollection, string> = {
  services: 'services',
  stations: 'station_docs',
  tickets: 'tickets',
  needs: 'needs',
  helpRequests: 'help_requests',
  deviceHealth: 'device_health',
  projects: 'projects',
  appointments: 'appointments',
};

const byStationId = (doc: Record<string, unknown>) => String(doc.stationId ?? '');

function define(name: ReplicatedCollection): ServerCollection {
  return {
    name,
    table: TABLES[name],
    lockKey: COLLECTION_LOCKS[name],
    scope: name === 'services' ? 'station-or-district' : 'station',
    deviceWritable: isDeviceWritable(name),
    wireSchema: toWireSchema(COLLECTIONS[name] as never),
    // A station document is its own station.
    stationOf: name === 'stations' ? (doc) => String(doc.id ?? '') : byStationId,
  };
}

/** Every replicated collection by name. */
export const SERVER_COLLECTIONS: Readonly<Record<ReplicatedCollection, ServerCollection>> = Object.fromEntries(
  REPLICATED_COLLECTIONS.map((name) => [name, define(name)]),
) as Record<ReplicatedCollection, ServerCollection>;
