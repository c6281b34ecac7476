/**
 * The shapes the district console's API answers with (sync/server/console/*-routes.ts),
 * declared once for the server that sends them and the console page that reads them.
 * Runtime-free.
 */
import type { ServiceDoc, StationDoc } from './schemas.ts';
import type { DeviceRole } from './enrolment.ts';
import type { Operator } from './operator-roles.ts';

export type { Operator, OperatorRole } from './operator-roles.ts';

/** A signed-in operator and the token every change must carry (CSRF). */
export interface ConsoleSession {
  operator: Operator;
  csrfToken: string;
}

/** One page of a list the server pages and searches. */
export interface Page<T> {
  total: number;
  items: T[];
}

export interface StationListItem {
  id: string;
  name: string;
  street: string;
  createdAt: string;
  /** The replicated document, when the station has one (devices need it). */
  doc: StationDoc | null;
  devices: number;
}

export interface ServiceListItem {
  service: ServiceDoc;
  /** The street of the item's station; null for district-wide items. */
  street: string | null;
}

/** A device as the district knows it. */
export interface DeviceRecord {
  id: string;
  stationId: string;
  name: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  enrolledAt: string;
  revokedAt: string | null;
  /** When the device last called the district (to the minute), or null if never since enrolling. */
  lastSeenAt: string | null;
  /** The app version the device last reported (APP_VERSION_HEADER), or null if it never did. */
  appVersion: string | null;
}

/** One change made through the console or the admin API. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  stationId: string;
  before: unknown;
  after: unknown;
}

/** One refused document: which device pushed it, which rule refused it and why. */
export interface WriteRefusal {
  id: number;
  stationId: string;
  deviceId: string;
  collection: string;
  docId: string;
  rule: string;
  message: string;
  refusedAt: string;
}
