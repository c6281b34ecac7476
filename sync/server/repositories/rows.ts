/** Column-to-record mapping shared by the repositories; both drivers' raw values go through here. */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { StoredDoc, StoredRow } from '#server/domain/documents.ts';
import type { DeviceRecord, StationRecord } from './repository.ts';

/** `pg` returns bigint as a string, PGlite as a number; lwt stays far below 2^53. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toIso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

export interface StoredRowSql {
  id: string;
  station_id: string;
  lwt: unknown;
  deleted: boolean;
  doc: StoredDoc;
}

export const STORED_ROW_COLUMNS = 'id, station_id, lwt, deleted, doc';

export function toStoredRow(row: StoredRowSql): StoredRow {
  return { id: row.id, stationId: row.station_id, lwt: toNumber(row.lwt), deleted: row.deleted, doc: row.doc };
}

export interface StationSql {
  id: string;
  name: string;
  street: string;
  created_at: unknown;
}

export function toStation(row: StationSql): StationRecord {
  return { id: row.id, name: row.name, street: row.street, createdAt: toIso(row.created_at) };
}

export interface DeviceSql {
  id: string;
  station_id: string;
  name: string;
  role: DeviceRole;
  issuing_slot: number;
  issuing_slots: number;
  enrolled_at: unknown;
  revoked_at: unknown;
  last_seen_at: unknown;
  app_version: string | null;
}

export const DEVICE_COLUMNS =
  'id, station_id, name, role, issuing_slot, issuing_slots, enrolled_at, revoked_at, last_seen_at, app_version';

export function toDevice(row: DeviceSql): DeviceRecord {
  return {
    id: row.id,
    stationId: row.station_id,
    name: row.name,
    role: row.role,
    issuingSlot: row.issuing_slot,
    issuingSlots: row.issuing_slots,
    enrolledAt: toIso(row.enrolled_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
    lastSeenAt: row.last_seen_at === null || row.last_seen_at === undefined ? null : toIso(row.last_seen_at),
    appVersion: row.app_version ?? null,
  };
}
