/**
 * The device API contract between the renderer and the device services. Electron's
 * preload implements it over IPC; the browser host implements it over loopback
 * HTTP. Both must satisfy `KioskPlatform`, so a missing method is a compile error.
 * Runtime-free: no Electron, Node or DOM imports here.
 */
import type { Catalog } from '../../sync/protocol/catalog.ts';
import type { Lang } from '../../sync/protocol/languages.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '../../sync/protocol/schemas.ts';

import type { DeviceRole } from '../../sync/protocol/enrolment.ts';

export { DEVICE_ROLES, type DeviceRole } from '../../sync/protocol/enrolment.ts';

/** The device's own settings, kept by the config store in the device's data folder. */
export interface DeviceConfig {
  /** Stable id of this device, generated on first start. */
  deviceId: string;
  /** The station this device belongs to. */
  stationId: string;
  role: DeviceRole;
  /** Ticket-issuing slot of this device at its station (see sync/protocol/ticket-numbering.ts). */
  issuingSlot: number;
  issuingSlots: number;
  /** District server base URL, or null when the device runs on its own (demo, not yet enrolled). */
  districtUrl: string | null;
  /** Language the screen starts in and returns to after an idle reset. */
  defaultLang: Lang;
  /** Seconds without a touch before the idle warning appears, and how long the warning counts down. */
  idleSeconds: number;
  idleWarningSeconds: number;
  /** Where receipts print (see electron/services/printer/printer-config.ts). */
  printer: PrinterSetting;
}

/** The receipt printer of a device. */
export type PrinterSetting = { kind: 'network'; host: string; port?: number } | { kind: 'device'; path: string } | { kind: 'system'; name: string } | { kind: 'none' };

/** A ticket to print, with what the receipt shows about it. */
export interface PrintTicketRequest {
  ticket: TicketDoc;
  service: ServiceDoc;
  station: StationDoc;
  lang: Lang;
  peopleAhead: number;
}

export interface AppInfo {
  version: string;
  /** Which implementation of the platform is serving the renderer. */
  runtime: 'electron' | 'browser';
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  module: string;
  message: string;
  /** Optional structured detail; must be JSON-serializable. */
  detail?: unknown;
}

/** What the renderer needs to replicate with its district: null while the device is not enrolled. */
export interface SyncSession {
  districtUrl: string;
  credential: string;
}

/** A failure the renderer can show to the person who can act on it. */
export interface DeviceError {
  code: string;
  message: string;
}

export type DeviceResult<T> = { ok: true; value: T } | { ok: false; error: DeviceError };

/**
 * Channel names (`domain:verb`) with their request and response types.
 * Every request is validated at runtime by the serving side (electron/ipc/validate.ts).
 */
export interface Channels {
  'app:getInfo': { request: null; response: AppInfo };
  'config:get': { request: null; response: DeviceConfig };
  'catalog:loadDemo': { request: null; response: Catalog };
  'log:write': { request: LogEntry; response: null };
  'sync:getSession': { request: null; response: SyncSession | null };
  /** `printed: false` when the device has no printer; a printer fault is an error naming the fault. */
  'printer:printTicket': { request: PrintTicketRequest; response: { printed: boolean } };
}
export type ChannelName = keyof Channels;

export const CHANNEL_NAMES: readonly ChannelName[] = ['app:getInfo', 'config:get', 'catalog:loadDemo', 'log:write', 'sync:getSession', 'printer:printTicket'];

/** The one typed object the renderer uses to reach the device (`window.kiosk` in Electron). */
export type KioskPlatform = {
  invoke<C extends ChannelName>(channel: C, request: Channels[C]['request']): Promise<DeviceResult<Channels[C]['response']>>;
};
