/**
 * District writes to the catalog: importing a station's catalog file and editing
 * one service. They go through the same tables and write positions as device
 * pushes, so devices pull them and live streams carry them; catalog writers of a
 * collection also lock it against each other (lockCollection).
 */
import { deepEqual } from 'rxdb/plugins/utils';
import { within, type Db, type Queryable } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import type { RowWrite, StoredDoc, StoredRow } from '#server/domain/documents.ts';
import { notify } from './events.ts';
import { lockCollection, selectForUpdate, writeRows, type PlannedWrites } from './change-order-sql.ts';
import { STORED_ROW_COLUMNS, toStoredRow, type StoredRowSql } from './rows.ts';
import type { CatalogRepository, WriteCounts } from './repository.ts';

const services = SERVER_COLLECTIONS.services;
const stationDocs = SERVER_COLLECTIONS.stations;

function emptyCounts(): WriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
}

/**
 * Rows to write for documents the district publishes. Identical documents are not
 * rewritten: a fresh lwt would make every device of the district download them again.
 */
function planUpserts(
  collection: ServerCollection,
  existing: Map<string, StoredRow>,
  docs: readonly StoredDoc[],
  counts: WriteCounts,
): PlannedWrites & { inserts: RowWrite[]; updates: RowWrite[] } {
  const inserts: RowWrite[] = [];
  const updates: RowWrite[] = [];
  for (const doc of docs) {
    const row = existing.get(doc.id);
    if (row && !row.deleted && deepEqual(row.doc, doc)) {
      counts.unchanged++;
      continue;
    }
    if (row) counts.updated++;
    else counts.inserted++;
    (row ? updates : inserts).push({ id: doc.id, stationId: collection.stationOf(doc), deleted: false, doc });
  }
  return { inserts, updates };
}

function writeCount(writes: PlannedWrites): number {
  return writes.inserts.length + writes.updates.length;
}

/** A service id names one scope for good: moving it would leave stale copies on the old station's devices. */
function assertSameScope(existing: Map<string, StoredRow>, docs: readonly StoredDoc[]): void {
  const moved = docs.filter((doc) => {
    const row = existing.get(doc.id);
    return row !== undefined && row.stationId !== services.stationOf(doc);
  });
  if (moved.length > 0) {
    throw new DomainError(
      409,
      'service_station_mismatch',
      'some services already exist with another scope (district-wide or another station); give them new ids',
      moved.map(
        (doc) =>
          `service "${doc.id}" belongs to ${existing.get(doc.id)?.stationId ? `station "${existing.get(doc.id)?.stationId}"` : 'the district'}`,
      ),
    );
  }
}

async function assertStationRegistered(q: Queryable, stationId: string): Promise<void> {
  const rows = await q.query('SELECT id FROM stations WHERE id = $1', [stationId]);
  if (rows.length === 0) throw new DomainError(404, 'station_unknown', `no station "${stationId}"; create it first`);
}

export function catalogRepository(db: Db, channel: string): CatalogRepository {
  return {
    import({ station, services: items }, outer) {
      return within(db, outer, async (tx) => {
        await assertStationRegistered(tx, station.id);
        // Ascending lock-key order (services, then stations) like every multi-collection writer.
        await lockCollection(tx, services);
        await lockCollection(tx, stationDocs);

        const ids = items.map((s) => s.id);
        const existingRows = await tx.query<StoredRowSql>(
          `SELECT ${STORED_ROW_COLUMNS} FROM ${services.table}
           WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) OR station_id = $2 FOR UPDATE`,
          [JSON.stringify(ids), station.id],
        );
        const existing = new Map(existingRows.map((r) => [r.id, toStoredRow(r)]));
        const docs = items as unknown as StoredDoc[];
        assertSameScope(existing, docs);

        const serviceCounts = emptyCounts();
        const serviceWrites = planUpserts(services, existing, docs, serviceCounts);
        // The file is the whole catalog of its station: station items it no longer
        // lists become tombstones. District-wide items are never removed by one
        // station's file.
        const listed = new Set(ids);
        for (const row of existing.values()) {
          if (row.stationId === station.id && !row.deleted && !listed.has(row.id)) {
            serviceWrites.updates.push({ id: row.id, stationId: row.stationId, deleted: true, doc: row.doc });
            serviceCounts.deleted++;
          }
        }

        const stationCounts = emptyCounts();
        const stationDoc = station as unknown as StoredDoc;
        const stationWrites = planUpserts(
          stationDocs,
          await selectForUpdate(tx, stationDocs, [station.id]),
          [stationDoc],
          stationCounts,
        );

        await writeRows(tx, services, serviceWrites);
        await writeRows(tx, stationDocs, stationWrites);
        if (writeCount(serviceWrites)) await notify(tx, channel, { type: 'changed', collection: 'services' });
        if (writeCount(stationWrites)) await notify(tx, channel, { type: 'changed', collection: 'stations' });
        return { stationId: station.id, station: stationCounts, services: serviceCounts };
      });
    },

    putService(service, outer) {
      return within(db, outer, async (tx) => {
        if (service.stationId !== '') await assertStationRegistered(tx, service.stationId);
        await lockCollection(tx, services);
        const doc = service as unknown as StoredDoc;
        const existing = await selectForUpdate(tx, services, [doc.id]);
        assertSameScope(existing, [doc]);
        const writes = planUpserts(services, existing, [doc], emptyCounts());
        await writeRows(tx, services, writes);
        if (writeCount(writes)) await notify(tx, channel, { type: 'changed', collection: 'services' });
        return { service, changed: writeCount(writes) > 0 };
      });
    },

    putStation(station, outer) {
      return within(db, outer, async (tx) => {
        await assertStationRegistered(tx, station.id);
        await lockCollection(tx, stationDocs);
        const doc = station as unknown as StoredDoc;
        const writes = planUpserts(stationDocs, await selectForUpdate(tx, stationDocs, [doc.id]), [doc], emptyCounts());
        await writeRows(tx, stationDocs, writes);
        if (writeCount(writes)) await notify(tx, channel, { type: 'changed', collection: 'stations' });
        return { station, changed: writeCount(writes) > 0 };
      });
    },
  };
}
