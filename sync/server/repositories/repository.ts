/**
 * The one repository interface the HTTP layer depends on. A single SQL
 * implementation (sql-repository.ts) runs on either database driver.
 */
import type { Catalog } from '#protocol/catalog.ts';
import type { DeviceRole, EnrolResponse } from '#protocol/enrolment.ts';
import type {
  DeviceWritableCollection,
  PullResponse,
  PushRefusal,
  ReplicatedCollection,
  ReplicationCheckpoint,
} from '#protocol/wire-messages.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { DeviceRecord } from '#protocol/console-api.ts';
import type { Db, Tx, Unlisten } from '#server/db/db.ts';
import type { StoredRow, WireDoc } from '#server/domain/documents.ts';
import type { DeviceIdentity, PushRowInput } from '#server/domain/push-decision.ts';
import type { AuditRepository, NewAuditEntry } from './audit.ts';
import type { ConsoleListRepository } from './console-lists.ts';
import type { OperatorRepository } from './operators.ts';
import type { ProjectWriter } from './needs-projects.ts';
import type { DistrictBookings } from '#server/appointments/district-booking.ts';
import type { RefusalRepository } from './refusals.ts';

export interface StationRecord {
  id: string;
  name: string;
  /** The street (街镇) the station belongs to; a street supervisor's scope. '' when not set. */
  street: string;
  createdAt: string;
}

export type { DeviceRecord };

export type AuthResult = { ok: true; device: DeviceRecord } | { ok: false; reason: 'unknown' | 'revoked' };

export interface NewEnrolmentCode {
  stationId: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  /** How long the code stays valid, in milliseconds. */
  ttlMs: number;
  /** Enrols the station's hub (role display, no issuing slot); sync/README.md, "Station hub". */
  hub?: boolean;
}

/** A freshly issued code; `code` is shown once and only its hash is stored. */
export interface IssuedEnrolmentCode {
  code: string;
  stationId: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  expiresAt: string;
}

export interface RedeemRequest {
  code: string;
  deviceName?: string;
  role?: DeviceRole;
}

/** What a write did to each kind of document. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface CatalogImportSummary {
  stationId: string;
  station: WriteCounts;
  services: WriteCounts;
}

/** Something another transaction committed, as every instance hears it. */
export type DistrictEvent =
  { type: 'changed'; collection: ReplicatedCollection } | { type: 'device_revoked'; deviceId: string };

/*
 * Writes take an optional `tx`: the caller's transaction, so that a change and its
 * audit row commit together (DistrictRepository.audited). Without one, each write
 * runs in its own transaction.
 */

export interface StationRepository {
  /** @throws DomainError station_exists */
  create(input: { id: string; name: string; street?: string }, tx?: Tx): Promise<StationRecord>;
  list(): Promise<StationRecord[]>;
  /** @throws DomainError station_unknown */
  update(id: string, input: { name: string; street: string }, tx?: Tx): Promise<StationRecord>;
}

export interface DeviceRepository {
  authenticate(credential: string): Promise<AuthResult>;
  list(filter?: { stationId?: string }): Promise<DeviceRecord[]>;
  /** Keeps the app version the device reports (a no-op when it is the stored one). */
  noteAppVersion(deviceId: string, version: string): Promise<void>;
  /** Moves "last seen" (to the minute) of devices holding a live stream: they are connected, even when silent. */
  noteStreaming(deviceIds: readonly string[]): Promise<void>;
  /** Idempotent; announces the revocation so open streams close. @throws DomainError device_unknown */
  revoke(deviceId: string, tx?: Tx): Promise<DeviceRecord>;
  /** Drops remembered authentications of a device (of all devices when absent); see device-auth-cache.ts. */
  forget(deviceId?: string): void;
}

export interface EnrolmentRepository {
  /** @throws DomainError station_unknown, invalid_issuing_slot, issuing_slot_taken, issuing_slots_mismatch */
  createCode(input: NewEnrolmentCode, tx?: Tx): Promise<IssuedEnrolmentCode>;
  /** @throws DomainError enrolment_code_unknown | _used | _expired, enrolment_role_mismatch, issuing_slot_* */
  redeem(request: RedeemRequest): Promise<EnrolResponse>;
}

/** What a push did: the conflicts RxDB resolves on the device, and the rows the rules refused. */
export interface PushOutcome {
  conflicts: WireDoc[];
  refused: PushRefusal[];
}

export interface ReplicationRepository {
  /**
   * Documents of one station's scope after `checkpoint`, in (lwt, id) order.
   * @throws DomainError checkpoint_ahead when the checkpoint is past every row
   */
  pull(
    collection: ReplicatedCollection,
    stationId: string,
    checkpoint: ReplicationCheckpoint | null,
    limit: number,
  ): Promise<PullResponse<Record<string, unknown>>>;
  /**
   * Applies a push in one transaction: the legal rows land, refused rows are
   * recorded in write_refusals, and the conflicting master documents (as the
   * device's role may read them) come back. Only device-writable collections.
   */
  push(
    collection: DeviceWritableCollection,
    device: DeviceIdentity,
    rows: readonly PushRowInput[],
  ): Promise<PushOutcome>;
  /** Every station's final rows after `checkpoint`, for the live stream's fan-out. */
  changesSince(
    collection: ReplicatedCollection,
    checkpoint: ReplicationCheckpoint | null,
    limit: number,
  ): Promise<StoredRow[]>;
  /** Whether committed rows wait for an older transaction to end before changesSince may return them. */
  heldBack(collection: ReplicatedCollection): Promise<boolean>;
  /** Position of the newest row changesSince may return, or null for none. */
  head(collection: ReplicatedCollection): Promise<ReplicationCheckpoint | null>;
}

export interface CatalogRepository {
  /** Upserts the station document and services; tombstones the station's services missing from the file. */
  import(catalog: Catalog, tx?: Tx): Promise<CatalogImportSummary>;
  /** Creates or replaces one service. @throws DomainError station_unknown, service_station_mismatch */
  putService(service: ServiceDoc, tx?: Tx): Promise<{ service: ServiceDoc; changed: boolean }>;
  /** Creates or replaces one station document (names, hours, queues, counters, staff). @throws DomainError station_unknown */
  putStation(station: StationDoc, tx?: Tx): Promise<{ station: StationDoc; changed: boolean }>;
}

export interface EventsRepository {
  /** Hears events committed by any instance; `onReconnect` means some may have been missed. */
  listen(onEvent: (event: DistrictEvent) => void, onReconnect: () => void): Promise<Unlisten>;
}

export interface DistrictRepository {
  readonly db: Db;
  readonly stations: StationRepository;
  readonly devices: DeviceRepository;
  readonly enrolment: EnrolmentRepository;
  readonly replication: ReplicationRepository;
  readonly catalog: CatalogRepository;
  readonly events: EventsRepository;
  readonly refusals: RefusalRepository;
  readonly operators: OperatorRepository;
  readonly audit: AuditRepository;
  readonly consoleLists: ConsoleListRepository;
  /** Writes a needs → project document (console), so the station's devices receive it. */
  readonly saveProject: ProjectWriter;
  /** Appointments booked and cancelled by the district (admin API, console, phone page), under the push's rules. */
  readonly bookings: DistrictBookings;
  /**
   * Runs a change and writes its audit row in one transaction, so neither can land
   * without the other. `entry` sees the change's result; null logs nothing (the
   * change turned out to change nothing). `work` must use only the `tx` it is given.
   */
  audited<T>(work: (tx: Tx) => Promise<T>, entry: (result: T) => NewAuditEntry | null): Promise<T>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
