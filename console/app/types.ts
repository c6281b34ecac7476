/** The shapes the console API answers with (sync/server/console/*-routes.ts). */
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { FieldIssue } from '#protocol/catalog.ts';
import type { DeviceRole } from '#protocol/enrolment.ts';

export type OperatorRole = 'admin' | 'supervisor' | 'viewer';

export interface Operator {
  id: number;
  username: string;
  displayName: string;
  role: OperatorRole;
  street: string;
}

export interface Session {
  operator: Operator;
  csrfToken: string;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface StationItem {
  id: string;
  name: string;
  street: string;
  createdAt: string;
  doc: StationDoc | null;
  devices: number;
}

export interface Device {
  id: string;
  stationId: string;
  name: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

export interface StationDetail extends StationItem {
  deviceList: Device[];
}

export interface ServiceItem {
  service: ServiceDoc;
  street: string | null;
}

export interface Refusal {
  id: number;
  docId: string;
  collection: string;
  rule: string;
  message: string;
  refusedAt: string;
}

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

export interface Meta {
  streets: string[];
  departments: string[];
  categories: string[];
}

export type { FieldIssue };

/** Whether the operator may change things of a station of `street` (null: district-wide), as the API decides. */
export function mayChange(operator: Operator, street: string | null): boolean {
  if (operator.role === 'admin') return true;
  if (operator.role === 'viewer') return false;
  return operator.street !== '' && street !== null && street === operator.street;
}
