/** The shapes the console API answers with: one source, sync/protocol/console-api.ts, shared with the server. */
import type { FieldIssue } from '#protocol/catalog.ts';
import type { DeviceRecord, StationListItem, WriteRefusal } from '#protocol/console-api.ts';

export type {
  AuditEntry,
  ConsoleSession as Session,
  DeviceRecord as Device,
  Operator,
  OperatorRole,
  Page,
  ServiceListItem as ServiceItem,
  StationListItem as StationItem,
} from '#protocol/console-api.ts';
export type { FieldIssue };

export interface StationDetail extends StationListItem {
  deviceList: DeviceRecord[];
}

/** A refused write as the devices panel lists it (the station and device are the panel's own). */
export type Refusal = Omit<WriteRefusal, 'stationId' | 'deviceId'>;

export interface Meta {
  streets: string[];
  departments: string[];
  categories: string[];
}
