/**
 * The shapes the district console's API answers with (sync/server/console/*-routes.ts),
 * declared once for the server that sends them and the console page that reads them.
 * Runtime-free.
 */
import type { DeviceHealthDoc, ServiceDoc, StationDoc } from './schemas.ts';
import type { WaitThreshold } from './wait-bands.ts';
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

/** One queue of a station in the live overview. */
export interface OverviewQueue {
  letter: string;
  waiting: number;
  /** issuedAt of the longest-waiting ticket (device clock of the issuing device), null when none waits. */
  oldestWaitingAt: number | null;
}

/**
 * One station in the live overview, as the server read it. Waits and bands are
 * worked out on the page from `oldestWaitingAt` and the thresholds (wait-bands.ts),
 * so they keep growing between changes without the page asking again.
 */
export interface OverviewStation {
  id: string;
  name: string;
  street: string;
  queues: OverviewQueue[];
  servedToday: number;
  /** Counters with a ticket called or in service now, or that called one in the last 30 minutes. */
  countersOpen: number;
  /** Last time each active device of the station called the district (epoch ms; null: never). */
  deviceLastSeen: (number | null)[];
  /** Devices whose own report says the printer is unreachable, out of paper or faulty. */
  printerFaults: number;
  /** The station's hub (migration 010: its one live device enrolled as hub); null when it has none. */
  hub: OverviewHub | null;
}

/** What the district knows of a station's hub. */
export interface OverviewHub {
  /** The hub's last call to the district (server clock, epoch ms); null: never. */
  lastContactAt: number | null;
  /** Documents the hub's own health report says still wait to go up; null: it sent no report. */
  waiting: number | null;
}

/** A device counts as online when it called within this window: twice its health-report refresh. */
export const DEVICE_ONLINE_WINDOW_MS = 10 * 60_000;

/** The live overview's first message, and every later change (only the stations that changed). */
export type OverviewMessage =
  | {
      type: 'snapshot';
      /** Server clock when read: the page corrects its own clock by it. */
      at: number;
      thresholds: WaitThreshold[];
      stations: OverviewStation[];
    }
  | { type: 'stations'; at: number; stations: OverviewStation[] }
  | { type: 'thresholds'; at: number; thresholds: WaitThreshold[] };

/** One device's health report as the console lists it, with what the district itself knows. */
export interface DeviceHealthRow {
  deviceId: string;
  deviceName: string;
  stationId: string;
  stationName: string;
  street: string;
  role: DeviceRole;
  /** Server time of the device's last call (the district's own clock). */
  lastSeenAt: string | null;
  /** The device's own report; null when it never sent one. */
  report: DeviceHealthDoc | null;
}
