/**
 * Stored rows and wire documents. A row keeps `deleted` and `lwt` in columns; the
 * wire document is the stored JSON plus `_deleted`. `lwt` never enters a document:
 * a field the server changed inside a document would make the device's next push
 * conflict.
 */
import type { ReplicationCheckpoint } from '#protocol/wire-messages.ts';

/** A document's JSON as stored (no `_deleted`). */
export type StoredDoc = Record<string, unknown> & { id: string };

/** A document as it travels. */
export type WireDoc = Record<string, unknown> & { id: string; _deleted: boolean };

/** One row of a replicated collection's table. */
export interface StoredRow {
  id: string;
  stationId: string;
  lwt: number;
  deleted: boolean;
  doc: StoredDoc;
}

/** A row to write; the repository gives it a fresh `lwt`. */
export interface RowWrite {
  id: string;
  stationId: string;
  deleted: boolean;
  doc: StoredDoc;
}

export function toWireDoc(row: Pick<StoredRow, 'deleted' | 'doc'>): WireDoc {
  return { ...row.doc, _deleted: row.deleted };
}

/** Splits a wire document into the stored JSON and the deleted flag. */
export function fromWireDoc(wire: Record<string, unknown>): { doc: StoredDoc; deleted: boolean } {
  const { _deleted, ...doc } = wire;
  return { doc: doc as StoredDoc, deleted: _deleted === true };
}

export function checkpointOf(row: Pick<StoredRow, 'lwt' | 'id'>): ReplicationCheckpoint {
  return { lwt: row.lwt, id: row.id };
}
