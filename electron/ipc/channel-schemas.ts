/**
 * The device API declared once: every channel's request and response as a
 * schema. The TypeScript types (contract.ts) are derived from these schemas and
 * the serving side's runtime checks (validate.ts) are compiled from them, so a
 * handler that disagrees with its schema does not compile, and a request that
 * disagrees with it never reaches the handler.
 *
 * Synced documents (tickets, services, stations) are not restated here: their
 * schemas are the RxDB schemas of sync/protocol, in the stored form the server
 * also checks. Runtime-free: no Electron, Node or DOM imports.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { RxJsonSchema } from 'rxdb';
import type { Catalog } from '#protocol/catalog.ts';
import { DEVICE_ROLES } from '#protocol/enrolment.ts';
import { LANGUAGES } from '#protocol/languages.ts';
import {
  serviceSchema,
  stationSchema,
  ticketSchema,
  type ServiceDoc,
  type StationDoc,
  type TicketDoc,
} from '#protocol/schemas.ts';
import { toStoredSchema } from '#protocol/wire-schema.ts';
import type { ChannelName } from './channel-names.ts';
import { DEVICE_ERROR_CODES } from './errors.ts';
import { PRINTER_KINDS, PrinterSettingSchema } from './printer-config.ts';
import { stringEnum } from './schema-check.ts';

/** Limits of a renderer log entry; generous for real use, small enough to keep the log file sane. */
export const LOG_LIMITS = { module: 64, message: 2000, detailJson: 8000 } as const;

/** Limits of technician requests: a PIN is 6–12 digits, but refuse only the absurd here and let the PIN rules speak. */
export const SETUP_LIMITS = {
  pin: 32,
  districtUrl: 300,
  code: 64,
  folder: 1024,
  displayId: 128,
  text: 2000,
  hubUrl: 300,
} as const;

const closed = { additionalProperties: false } as const;
const Lang = stringEnum(LANGUAGES);
const DeviceRole = stringEnum(DEVICE_ROLES);
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A time (epoch ms) or a size in bytes: a non-negative number. */
const Amount = Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** The request of a channel that takes none. Dispatch also takes `undefined`, because JSON and IPC may drop it. */
const NoRequest = Type.Null({ description: 'null: this channel takes no request' });
/** The answer of a channel that only acts. */
const NoAnswer = Type.Null();

/** A synced document, checked by its RxDB schema and typed by the type derived from that schema. */
const syncedDocument = <T>(schema: RxJsonSchema<T>) => Type.Unsafe<T>(toStoredSchema(schema as RxJsonSchema<unknown>));

/** A failure the renderer can show to the person who can act on it. */
export const DeviceErrorSchema = Type.Object({ code: stringEnum(DEVICE_ERROR_CODES), message: Type.String() }, closed);

export const PrintedSchema = Type.Object({ printed: Type.Boolean() }, closed);

/** The device's own settings, kept by the config store in the device's data folder (electron/services/device-config.ts checks the file). */
export const DeviceConfigSchema = Type.Object(
  {
    /** Stable id of this device, generated on first start. */
    deviceId: Type.String(),
    /** The station this device belongs to. */
    stationId: Type.String(),
    role: DeviceRole,
    /** Ticket-issuing slot of this device at its station (see sync/protocol/ticket-numbering.ts). */
    issuingSlot: Type.Integer({ minimum: 0 }),
    issuingSlots: Type.Integer({ minimum: 1 }),
    /** District server base URL, or null when the device runs on its own (demo, not yet enrolled). */
    districtUrl: nullable(Type.String()),
    /** Language the screen starts in and returns to after an idle reset. */
    defaultLang: Lang,
    /** Seconds without a touch before the idle warning appears, and how long the warning counts down. */
    idleSeconds: Type.Integer(),
    idleWarningSeconds: Type.Integer(),
    /** Where receipts print. */
    printer: PrinterSettingSchema,
    /**
     * The station hub this device syncs through first (sync/README.md, "Station hub"), or null:
     * the district only. On the hub device itself, the hub's own loopback address.
     */
    hubUrl: nullable(Type.String()),
    /** This device runs the station's hub (electron/services/station-hub.ts). */
    isHub: Type.Boolean(),
  },
  closed,
);

/** The catalog the demo device starts with: stored station and service documents. */
export const CatalogSchema = Type.Unsafe<Catalog>({
  type: 'object',
  properties: {
    station: toStoredSchema(stationSchema as RxJsonSchema<unknown>),
    services: { type: 'array', items: toStoredSchema(serviceSchema as RxJsonSchema<unknown>) },
  },
  required: ['station', 'services'],
  additionalProperties: false,
});

/** A ticket to print, with what the receipt shows about it. The printer trusts nothing but synced documents. */
export const PrintTicketRequestSchema = Type.Object(
  {
    ticket: syncedDocument<TicketDoc>(ticketSchema),
    service: syncedDocument<ServiceDoc>(serviceSchema),
    station: syncedDocument<StationDoc>(stationSchema),
    lang: Lang,
    peopleAhead: Type.Integer({ minimum: 0, maximum: 10000 }),
  },
  closed,
);

export const AppInfoSchema = Type.Object(
  {
    version: Type.String(),
    /** Which implementation of the platform is serving the renderer. */
    runtime: stringEnum(['electron', 'browser']),
  },
  closed,
);

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A renderer log line. `detail` must also be JSON of at most LOG_LIMITS.detailJson characters (validate.ts). */
export const LogEntrySchema = Type.Object(
  {
    level: stringEnum(LOG_LEVELS),
    module: Type.String({
      minLength: 1,
      maxLength: LOG_LIMITS.module,
      description: `a string of 1 to ${LOG_LIMITS.module} characters`,
    }),
    message: Type.String({
      maxLength: LOG_LIMITS.message,
      description: `a string of at most ${LOG_LIMITS.message} characters`,
    }),
    /** Optional structured detail; must be JSON-serializable. */
    detail: Type.Optional(Type.Unknown()),
  },
  closed,
);

/** The renderer's report of what is happening on screen (sent on every change and once a minute). */
export const ActivityReportSchema = Type.Object(
  {
    /** A resident is somewhere between choosing a service and leaving (any screen but an idle home). */
    openTicketFlow: Type.Boolean(),
    activeScreen: Type.String({ minLength: 1, maxLength: 32, description: 'a screen name of 1 to 32 characters' }),
    staffSignedIn: Type.Boolean(),
    /** The last touch (epoch ms), null when none since start. */
    lastInteractionAt: nullable(Amount),
  },
  closed,
);

/** What the renderer needs to replicate with its district: null while the device is not enrolled. */
export const SyncSessionSchema = Type.Object({ districtUrl: Type.String(), credential: Type.String() }, closed);

/** How a printer is, as the technician's screens show it. Never an error: a fault is `problem`. */
export const PrinterStatusInfoSchema = Type.Object(
  {
    kind: stringEnum(PRINTER_KINDS),
    /** "192.168.1.50:9100", "/dev/usb/lp0", … ("no printer" for kind none). */
    printer: Type.String(),
    /** true when reached; false when not; null when it cannot be known from here (system printers, none). */
    reachable: nullable(Type.Boolean()),
    paper: stringEnum(['ok', 'near_end', 'out', 'unknown']),
    /** Why the printer cannot be used, with a printer error code. */
    problem: nullable(DeviceErrorSchema),
  },
  closed,
);

/** Whether this device needs the technician's setup, and how its PIN guard stands. */
export const SetupStateSchema = Type.Object(
  {
    /** The device holds a district credential. */
    enrolled: Type.Boolean(),
    /** Not enrolled and not a demo device: the screen must show setup instead of the kiosk. */
    setupRequired: Type.Boolean(),
    /** A technician PIN exists; without one, setup first asks for a new PIN. */
    pinConfigured: Type.Boolean(),
    /** A technician verified the PIN recently; guarded channels answer. */
    sessionActive: Type.Boolean(),
    /** Too many wrong PINs: how long until the next try, 0 when not locked. */
    retryAfterMs: Type.Number({ minimum: 0 }),
    /** The screen chosen for the calling display, or null. */
    displayId: nullable(Type.String()),
  },
  closed,
);

const PinRequestSchema = Type.Object(
  {
    pin: Type.String({
      minLength: 1,
      maxLength: SETUP_LIMITS.pin,
      description: `a string of 1 to ${SETUP_LIMITS.pin} characters`,
    }),
  },
  closed,
);

/** The outcome of one technician PIN entry (electron/security/technician-pin-guard.ts decides it, with the lockout of sync/protocol/pin-lockout.ts). */
export const PinCheckSchema = Type.Union([
  Type.Object({ outcome: Type.Literal('unlocked') }, closed),
  Type.Object({ outcome: Type.Literal('wrong-pin'), attemptsLeft: Type.Integer({ minimum: 0 }) }, closed),
  Type.Object({ outcome: Type.Literal('locked-out'), retryAfterMs: Type.Number({ minimum: 0 }) }, closed),
  Type.Object({ outcome: Type.Literal('no-pin-configured') }, closed),
]);

/** 'setup:enrol': the district address as typed and the one-time code; the station comes from the code. */
export const EnrolChannelRequestSchema = Type.Object(
  {
    districtUrl: Type.String({ minLength: 1, maxLength: SETUP_LIMITS.districtUrl }),
    code: Type.String({ minLength: 1, maxLength: SETUP_LIMITS.code }),
    role: Type.Optional(DeviceRole),
    /** The technician allowed plain http:// to a district on another machine, after the warning. */
    allowInsecureHttp: Type.Optional(Type.Boolean()),
  },
  closed,
);

const EnrolledSchema = Type.Object({ stationId: Type.String(), deviceId: Type.String(), role: DeviceRole }, closed);

/** A screen the calling display can use. */
export const DisplayInfoSchema = Type.Object(
  {
    id: Type.String(),
    /** The operating system's name of the screen, or a plain description. */
    label: Type.String(),
    primary: Type.Boolean(),
  },
  closed,
);

export const DistrictCheckSchema = Type.Object(
  {
    reachable: Type.Boolean(),
    /** HTTP status of /health, or null when no answer came. */
    status: nullable(Type.Integer()),
    latencyMs: nullable(Type.Number()),
    /** Server clock minus device clock, from the answer's Date header (±1 s); null without an answer. */
    clockOffsetMs: nullable(Type.Number()),
    /** Why it is not reachable, in a technician's words. */
    error: nullable(Type.String()),
  },
  closed,
);

/** What the device side knows about itself, for the technician's diagnostics screen. */
export const DeviceDiagnosticsSchema = Type.Object(
  {
    appVersion: Type.String(),
    runtime: AppInfoSchema.properties.runtime,
    deviceId: Type.String(),
    stationId: Type.String(),
    role: DeviceRole,
    enrolled: Type.Boolean(),
    districtUrl: nullable(Type.String()),
    /** GET /health from the device; null when the device has no district. */
    district: nullable(DistrictCheckSchema),
    printer: PrinterStatusInfoSchema,
    /** Device clock when the check ran (ISO). */
    checkedAt: Type.String(),
  },
  closed,
);

/** What the renderer adds to an exported diagnostics bundle: it alone knows sync and storage. */
export const ClientDiagnosticsSchema = Type.Object(
  {
    connection: Type.String({ minLength: 1, maxLength: 32 }),
    lastSyncedAt: nullable(Amount),
    pending: Type.Integer({ minimum: 0 }),
    lastError: nullable(Type.String({ maxLength: SETUP_LIMITS.text })),
    storageUsage: nullable(Amount),
    storageQuota: nullable(Amount),
    persisted: nullable(Type.Boolean()),
  },
  closed,
);

const ExportRequestSchema = Type.Object(
  {
    folder: Type.String({ minLength: 1, maxLength: SETUP_LIMITS.folder }),
    client: Type.Optional(ClientDiagnosticsSchema),
  },
  closed,
);

/**
 * A ticket's "follow your turn" link (electron/services/follow-links.ts) and its QR
 * symbol as rows of '1' (dark) and '0', or null while the device has no follow key.
 */
export const FollowLinkSchema = nullable(
  Type.Object(
    { url: Type.String(), modules: Type.Array(Type.String({ pattern: '^[01]+$' }), { maxItems: 177 }) },
    closed,
  ),
);

/** This device as its station's hub: the address its own screens sync through and the hub's device id. */
export const HubRunningSchema = Type.Object({ hubUrl: Type.String(), hubDeviceId: Type.String() }, closed);

/** The schemas of a channel: what the renderer sends and what the device answers when it succeeds. */
export interface ChannelSchema {
  request: TSchema;
  response: TSchema;
}

/** Every channel's request and response; a missing or unknown channel is a compile error. */
export const CHANNEL_SCHEMAS = {
  'app:getInfo': { request: NoRequest, response: AppInfoSchema },
  'config:get': { request: NoRequest, response: DeviceConfigSchema },
  'catalog:loadDemo': { request: NoRequest, response: CatalogSchema },
  'log:write': { request: LogEntrySchema, response: NoAnswer },
  'sync:getSession': { request: NoRequest, response: nullable(SyncSessionSchema) },
  /** `printed: false` when the device has no printer; a printer fault is an error naming the fault. */
  'printer:printTicket': { request: PrintTicketRequestSchema, response: PrintedSchema },
  /** Technician channels. All but the first three need a technician session (a verified PIN), see electron/services/technician-pin.ts. */
  'setup:getState': { request: NoRequest, response: SetupStateSchema },
  'technician:setPin': { request: PinRequestSchema, response: NoAnswer },
  'technician:verifyPin': { request: PinRequestSchema, response: PinCheckSchema },
  /** Enrols with the district; afterwards the renderer reloads so boot picks up the new session. */
  'setup:enrol': { request: EnrolChannelRequestSchema, response: EnrolledSchema },
  'printer:configure': { request: PrinterSettingSchema, response: NoAnswer },
  /** `printed: false` when no printer is set up; a fault is an error naming the printer's address. */
  'printer:test': { request: Type.Object({ lang: Lang }, closed), response: PrintedSchema },
  'printer:status': { request: NoRequest, response: PrinterStatusInfoSchema },
  'diagnostics:get': { request: NoRequest, response: DeviceDiagnosticsSchema },
  /** Writes the logs and a diagnostics JSON into a new folder inside `folder`; never the credential or the PIN hash. */
  'diagnostics:export': {
    request: ExportRequestSchema,
    response: Type.Object({ files: Type.Array(Type.String()) }, closed),
  },
  'displays:list': { request: NoRequest, response: Type.Array(DisplayInfoSchema) },
  'displays:choose': {
    request: Type.Object(
      {
        id: nullable(
          Type.String({
            minLength: 1,
            maxLength: SETUP_LIMITS.displayId,
            description: `null or a string of 1 to ${SETUP_LIMITS.displayId} characters`,
          }),
        ),
      },
      closed,
    ),
    response: NoAnswer,
  },
  /** Closes the kiosk program; only within a technician session (the PIN). */
  'app:quit': { request: NoRequest, response: NoAnswer },
  /** What the screen is doing, so an update never installs in the middle of a resident's ticket. */
  'station:activity': { request: ActivityReportSchema, response: NoAnswer },
  /** The phone link of a ticket of this station, for the QR code on the ticket screen. */
  'follow:link': {
    request: Type.Object(
      {
        ticketId: Type.String({
          minLength: 1,
          maxLength: 64,
          pattern: '^[A-Za-z0-9_-]+$',
          description: 'a ticket id: 1 to 64 letters, digits, - or _',
        }),
      },
      closed,
    ),
    response: FollowLinkSchema,
  },
  /** Technician: makes this device its station's hub with the district's hub code (the device must be enrolled). */
  'hub:turnOn': {
    request: Type.Object({ code: Type.String({ minLength: 1, maxLength: SETUP_LIMITS.code }) }, closed),
    response: HubRunningSchema,
  },
  /** Technician: stops this device's hub; it syncs with the district directly again. */
  'hub:turnOff': { request: NoRequest, response: NoAnswer },
  /**
   * Technician: the station hub's address for this device, kept only once the hub proved it is
   * this station's hub (sync/client/hub-proof.ts); null forgets it. Answers the hub's device id.
   */
  'hub:setAddress': {
    request: Type.Object(
      {
        hubUrl: nullable(
          Type.String({
            minLength: 1,
            maxLength: SETUP_LIMITS.hubUrl,
            description: `null or a string of 1 to ${SETUP_LIMITS.hubUrl} characters`,
          }),
        ),
      },
      closed,
    ),
    response: Type.Object({ hubDeviceId: nullable(Type.String()) }, closed),
  },
} as const satisfies { readonly [C in ChannelName]: ChannelSchema };

/** Channel names with their request and response types, derived from CHANNEL_SCHEMAS. */
export type Channels = {
  [C in ChannelName]: {
    request: Static<(typeof CHANNEL_SCHEMAS)[C]['request']>;
    response: Static<(typeof CHANNEL_SCHEMAS)[C]['response']>;
  };
};
