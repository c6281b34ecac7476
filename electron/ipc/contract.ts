/**
 * The device API contract between the renderer and the device services. Electron's
 * preload implements it over IPC; the browser host implements it over loopback
 * HTTP. Both must satisfy `KioskPlatform`, so a missing method is a compile error.
 * Runtime-free: no Electron, Node or DOM imports here.
 */
import type { Catalog } from '#protocol/catalog.ts';
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';

import type { DeviceRole } from '#protocol/enrolment.ts';

export { DEVICE_ROLES, type DeviceRole } from '#protocol/enrolment.ts';

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
  /** Where receipts print (see electron/ipc/printer-config.ts). */
  printer: PrinterSetting;
}

/** The receipt printer of a device. */
export type PrinterSetting =
  | { kind: 'network'; host: string; port?: number }
  | { kind: 'device'; path: string }
  | { kind: 'system'; name: string }
  | { kind: 'none' };

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

/** The renderer's report of what is happening on screen (sent on every change and once a minute). */
export interface ActivityReport {
  /** A resident is somewhere between choosing a service and leaving (any screen but an idle home). */
  openTicketFlow: boolean;
  activeScreen: string;
  staffSignedIn: boolean;
  /** The last touch (epoch ms), null when none since start. */
  lastInteractionAt: number | null;
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

/** How a printer is, as the technician's screens show it. Never an error: a fault is `problem`. */
export interface PrinterStatusInfo {
  kind: PrinterSetting['kind'];
  /** "192.168.1.50:9100", "/dev/usb/lp0", … ("no printer" for kind none). */
  printer: string;
  /** true when reached; false when not; null when it cannot be known from here (system printers, none). */
  reachable: boolean | null;
  paper: 'ok' | 'near_end' | 'out' | 'unknown';
  /** Why the printer cannot be used, with a printer error code (DEVICE_ERROR_CODES). */
  problem: DeviceError | null;
}

/** Whether this device needs the technician's setup, and how its PIN guard stands. */
export interface SetupState {
  /** The device holds a district credential. */
  enrolled: boolean;
  /** Not enrolled and not a demo device: the screen must show setup instead of the kiosk. */
  setupRequired: boolean;
  /** A technician PIN exists; without one, setup first asks for a new PIN. */
  pinConfigured: boolean;
  /** A technician verified the PIN recently; guarded channels answer. */
  sessionActive: boolean;
  /** Too many wrong PINs: how long until the next try, 0 when not locked. */
  retryAfterMs: number;
  /** The screen chosen for the calling display, or null. */
  displayId: string | null;
}

/** 'setup:enrol': the district address as typed and the one-time code; the station comes from the code. */
export interface EnrolChannelRequest {
  districtUrl: string;
  code: string;
  role?: DeviceRole;
  /** The technician allowed plain http:// to a district on another machine, after the warning. */
  allowInsecureHttp?: boolean;
}

/** The outcome of one technician PIN entry (see electron/security/exit-guard.ts). */
export type PinCheck =
  | { outcome: 'unlocked' }
  | { outcome: 'wrong-pin'; attemptsLeft: number }
  | { outcome: 'locked-out'; retryAfterMs: number }
  | { outcome: 'no-pin-configured' };

/** A screen the calling display can use. */
export interface DisplayInfo {
  id: string;
  /** The operating system's name of the screen, or a plain description. */
  label: string;
  primary: boolean;
}

/** What the device side knows about itself, for the technician's diagnostics screen. */
export interface DeviceDiagnostics {
  appVersion: string;
  runtime: AppInfo['runtime'];
  deviceId: string;
  stationId: string;
  role: DeviceRole;
  enrolled: boolean;
  districtUrl: string | null;
  /** GET /health from the device; null when the device has no district. */
  district: DistrictCheck | null;
  printer: PrinterStatusInfo;
  /** Device clock when the check ran (ISO). */
  checkedAt: string;
}

export interface DistrictCheck {
  reachable: boolean;
  /** HTTP status of /health, or null when no answer came. */
  status: number | null;
  latencyMs: number | null;
  /** Server clock minus device clock, from the answer's Date header (±1 s); null without an answer. */
  clockOffsetMs: number | null;
  /** Why it is not reachable, in a technician's words. */
  error: string | null;
}

/** What the renderer adds to an exported diagnostics bundle: it alone knows sync and storage. */
export interface ClientDiagnostics {
  connection: string;
  lastSyncedAt: number | null;
  pending: number;
  lastError: string | null;
  storageUsage: number | null;
  storageQuota: number | null;
  persisted: boolean | null;
}

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
  /** Technician channels. All but the first three need a technician session (a verified PIN), see electron/services/technician-pin.ts. */
  'setup:getState': { request: null; response: SetupState };
  'technician:setPin': { request: { pin: string }; response: null };
  'technician:verifyPin': { request: { pin: string }; response: PinCheck };
  /** Enrols with the district; afterwards the renderer reloads so boot picks up the new session. */
  'setup:enrol': { request: EnrolChannelRequest; response: { stationId: string; deviceId: string; role: DeviceRole } };
  'printer:configure': { request: PrinterSetting; response: null };
  /** `printed: false` when no printer is set up; a fault is an error naming the printer's address. */
  'printer:test': { request: { lang: Lang }; response: { printed: boolean } };
  'printer:status': { request: null; response: PrinterStatusInfo };
  'diagnostics:get': { request: null; response: DeviceDiagnostics };
  /** Writes the logs and a diagnostics JSON into a new folder inside `folder`; never the credential or the PIN hash. */
  'diagnostics:export': { request: { folder: string; client?: ClientDiagnostics }; response: { files: string[] } };
  'displays:list': { request: null; response: DisplayInfo[] };
  'displays:choose': { request: { id: string | null }; response: null };
  /** Closes the kiosk program; only within a technician session (the PIN). */
  'app:quit': { request: null; response: null };
  /** What the screen is doing, so an update never installs in the middle of a resident's ticket. */
  'station:activity': { request: ActivityReport; response: null };
}
export type ChannelName = keyof Channels;

export const CHANNEL_NAMES: readonly ChannelName[] = [
  'station:activity',
  'app:quit',
  'app:getInfo',
  'config:get',
  'catalog:loadDemo',
  'log:write',
  'sync:getSession',
  'printer:printTicket',
  'setup:getState',
  'technician:setPin',
  'technician:verifyPin',
  'setup:enrol',
  'printer:configure',
  'printer:test',
  'printer:status',
  'diagnostics:get',
  'diagnostics:export',
  'displays:list',
  'displays:choose',
];

/** The one typed object the renderer uses to reach the device (`window.kiosk` in Electron). */
export type KioskPlatform = {
  invoke<C extends ChannelName>(
    channel: C,
    request: Channels[C]['request'],
  ): Promise<DeviceResult<Channels[C]['response']>>;
};
