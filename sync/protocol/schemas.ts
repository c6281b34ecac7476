/**
 * RxDB schemas: the one source of truth for every synced data shape. The renderer's
 * local replica, the district server's validation and the TypeScript types all come
 * from these literals.
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema, type RxJsonSchema } from 'rxdb';
import type { CallPolicy } from './call-order.ts';
import { CATEGORY_IDS } from './categories.ts';
import { LANGUAGES, localizedListSchema, localizedTextSchema } from './languages.ts';
import { PIN_ITERATIONS_MIN } from './pin-cost.ts';
import { scheduleSchema } from './schedule.ts';
import { TICKET_ACTIONS, TICKET_CHANNELS, TICKET_STATUSES } from './ticket-lifecycle.ts';

const id = { type: 'string', maxLength: 64 } as const;
const stationId = { type: 'string', maxLength: 64 } as const;
/** Device-clock epoch milliseconds. Shown to people; never used to order sync. */
const epochMs = { type: 'number', minimum: 0, maximum: 8_640_000_000_000, multipleOf: 1 } as const;
const queueLetter = { type: 'string', pattern: '^[A-Z]$', maxLength: 1 } as const;
const counterId = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,16}$', maxLength: 16 } as const;

/** A service item of the catalog. District-wide items have `stationId` ''. */
export const serviceSchemaLiteral = {
  title: 'service',
  description: 'A service item a resident can find and take a ticket for',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    category: { type: 'string', enum: [...CATEGORY_IDS] },
    queue: queueLetter,
    order: { type: 'integer', minimum: 0, maximum: 10000 },
    name: localizedTextSchema,
    summary: localizedTextSchema,
    description: localizedTextSchema,
    bring: localizedListSchema,
    schedule: scheduleSchema,
    scheduleNote: localizedTextSchema,
    ticket: { type: 'boolean' },
    department: localizedTextSchema,
  },
  required: [
    'id',
    'stationId',
    'category',
    'queue',
    'order',
    'name',
    'summary',
    'description',
    'bring',
    'schedule',
    'ticket',
  ],
  additionalProperties: false,
} as const;

const minutes = (max: number) => ({ type: 'integer', minimum: 0, maximum: max }) as const;

/**
 * The station's calling rules, `CallPolicy` of call-order.ts as stored (the type
 * check under the schemas keeps the two the same). Absent: DEFAULT_CALL_POLICY.
 */
const callPolicySchema = {
  type: 'object',
  properties: {
    priority: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        qualifies: {
          type: 'object',
          properties: {
            minAge: { type: 'integer', minimum: 50, maximum: 100 },
            disabled: { type: 'boolean' },
            pregnant: { type: 'boolean' },
          },
          required: ['disabled', 'pregnant'],
          additionalProperties: false,
        },
        everyN: { type: 'integer', minimum: 1, maximum: 20 },
        maxExtraWaitMinutes: minutes(240),
      },
      required: ['enabled', 'qualifies', 'everyN', 'maxExtraWaitMinutes'],
      additionalProperties: false,
    },
    appointments: {
      type: 'object',
      properties: { earlyMinutes: minutes(240), lateMinutes: minutes(120) },
      required: ['earlyMinutes', 'lateMinutes'],
      additionalProperties: false,
    },
  },
  required: ['priority', 'appointments'],
  additionalProperties: false,
} as const;

const HHMM = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 } as const;

/**
 * The services of a station that take appointments (appointment-slots.ts reads it):
 * on the listed weekdays, slots of `slotMinutes` from `from` until `to`, each
 * holding at most `capacity` appointments. A service not listed takes none. The
 * early/late windows of a check-in are the station's `callPolicy.appointments`.
 */
const appointmentSlotsSchema = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    properties: {
      serviceId: { type: 'string', maxLength: 64 },
      days: {
        type: 'array',
        minItems: 1,
        maxItems: 7,
        uniqueItems: true,
        items: { type: 'integer', minimum: 1, maximum: 7 },
      },
      from: HHMM,
      to: HHMM,
      slotMinutes: { type: 'integer', minimum: 5, maximum: 240 },
      capacity: { type: 'integer', minimum: 1, maximum: 100 },
    },
    required: ['serviceId', 'days', 'from', 'to', 'slotMinutes', 'capacity'],
    additionalProperties: false,
  },
} as const;

/** A station: its names, opening hours and queues (letter, name, where to go). */
export const stationSchemaLiteral = {
  title: 'station',
  // 1: staff records may list the counters they may use (`staff[].counters`).
  // 2: the station's calling rules (`callPolicy`: the priority lane, appointments' grace).
  // 3: the services residents may book, with slot length and capacity (`appointmentSlots`).
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: stationId,
    name: localizedTextSchema,
    address: localizedTextSchema,
    utcOffsetMinutes: { type: 'integer', minimum: -720, maximum: 840 },
    hours: scheduleSchema,
    queues: {
      type: 'array',
      minItems: 1,
      maxItems: 26,
      items: {
        type: 'object',
        properties: { letter: queueLetter, name: localizedTextSchema, location: localizedTextSchema },
        required: ['letter', 'name', 'location'],
        additionalProperties: false,
      },
    },
    /** Counters (windows, rooms) where staff call and serve tickets, and the queues each serves first. */
    counters: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          id: counterId,
          name: localizedTextSchema,
          queues: { type: 'array', maxItems: 26, items: queueLetter },
        },
        required: ['id', 'name', 'queues'],
        additionalProperties: false,
      },
    },
    /**
     * The station's staff. PINs are kept only as PBKDF2-SHA256 hashes, so a counter
     * can check a PIN with no network; the district sets them. Only counters receive
     * this list (READ_TABLE), and the iteration count has a floor (pin-cost.ts).
     */
    staff: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$', maxLength: 32 },
          name: { type: 'string', minLength: 1, maxLength: 40 },
          pin: {
            type: 'object',
            properties: {
              salt: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
              hash: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
              iterations: { type: 'integer', minimum: PIN_ITERATIONS_MIN, maximum: 10000000 },
            },
            required: ['salt', 'hash', 'iterations'],
            additionalProperties: false,
          },
          /** Counters (ids) the member may sign in at; absent or empty: every counter (staff-counters.ts). */
          counters: { type: 'array', maxItems: 50, uniqueItems: true, items: counterId },
        },
        required: ['id', 'name', 'pin'],
        additionalProperties: false,
      },
    },
    callPolicy: callPolicySchema,
    appointmentSlots: appointmentSlotsSchema,
  },
  required: ['id', 'name', 'address', 'utcOffsetMinutes', 'hours', 'queues'],
  additionalProperties: false,
} as const;

const historyEntry = {
  type: 'object',
  properties: {
    action: { type: 'string', enum: [...TICKET_ACTIONS] },
    at: epochMs,
    by: { type: 'string', maxLength: 64 },
    from: { type: 'string', enum: [...TICKET_STATUSES] },
    to: { type: 'string', enum: [...TICKET_STATUSES] },
    counter: { type: 'string', maxLength: 32 },
    queue: queueLetter,
    serviceId: { type: 'string', maxLength: 64 },
  },
  required: ['action', 'at', 'by', 'from', 'to'],
  additionalProperties: false,
} as const;

/** A queue ticket. Numbers restart daily per station; see ticket-numbering.ts. */
export const ticketSchemaLiteral = {
  title: 'ticket',
  // 1: history entries may record a priority upgrade or downgrade (TICKET_ACTIONS).
  // 2: an appointment's ticket (`appointmentId`, `slotAt`) and the wait the resident was shown (`waitEstimate`).
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    deviceId: { type: 'string', maxLength: 64 },
    day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 },
    queue: queueLetter,
    seq: { type: 'integer', minimum: 1, maximum: 999, multipleOf: 1 },
    number: { type: 'string', pattern: '^[A-Z]\\d{3}$', maxLength: 4 },
    serviceId: { type: 'string', maxLength: 64 },
    channel: { type: 'string', enum: [...TICKET_CHANNELS] },
    lang: { type: 'string', enum: [...LANGUAGES] },
    priority: { type: 'boolean' },
    status: { type: 'string', enum: [...TICKET_STATUSES], maxLength: 16 },
    issuedAt: epochMs,
    calledAt: epochMs,
    startedAt: epochMs,
    endedAt: epochMs,
    callCount: { type: 'integer', minimum: 0, maximum: 1000 },
    counter: { type: 'string', maxLength: 32 },
    firstReceivedBy: { type: 'string', maxLength: 64 },
    servedBy: { type: 'string', maxLength: 64 },
    history: { type: 'array', maxItems: 200, items: historyEntry },
    rating: {
      type: 'object',
      properties: {
        level: { type: 'integer', minimum: 1, maximum: 5 },
        reasons: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 32 } },
        at: epochMs,
      },
      required: ['level', 'reasons', 'at'],
      additionalProperties: false,
    },
    /** The appointment this ticket was issued for at check-in (appointments collection). */
    appointmentId: { type: 'string', maxLength: 64 },
    /** That appointment's slot start, epoch ms: the call order reads it from the ticket alone (call-order.ts). */
    slotAt: epochMs,
    /**
     * The estimate the resident was shown when the number was taken (wait-estimate.ts):
     * absent when it said "not enough data", or for a staff-issued ticket without one.
     * highMin ≥ lowMin is checked by the ticket rules. Read by the district's reports.
     */
    waitEstimate: {
      type: 'object',
      properties: {
        lowMin: { type: 'integer', minimum: 0, maximum: 1440 },
        highMin: { type: 'integer', minimum: 0, maximum: 1440 },
        ahead: { type: 'integer', minimum: 0, maximum: 10000 },
      },
      required: ['lowMin', 'highMin', 'ahead'],
      additionalProperties: false,
    },
  },
  required: [
    'id',
    'stationId',
    'deviceId',
    'day',
    'queue',
    'seq',
    'number',
    'serviceId',
    'channel',
    'lang',
    'priority',
    'status',
    'issuedAt',
    'callCount',
    'history',
  ],
  indexes: [
    ['day', 'queue', 'status', 'issuedAt'],
    ['deviceId', 'day', 'queue', 'seq'],
  ],
  additionalProperties: false,
} as const;

/** A need or suggestion a resident leaves at the kiosk. */
export const needSchemaLiteral = {
  title: 'need',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    deviceId: { type: 'string', maxLength: 64 },
    kind: { type: 'string', maxLength: 32 },
    text: { type: 'string', maxLength: 500 },
    contact: { type: 'string', maxLength: 32 },
    lang: { type: 'string', enum: [...LANGUAGES] },
    createdAt: epochMs,
  },
  required: ['id', 'stationId', 'deviceId', 'kind', 'lang', 'createdAt'],
  additionalProperties: false,
} as const;

/**
 * A resident's "call staff for help" request. The kiosk opens it saying where the
 * resident is (kiosk, screen, service); a staff member at a counter takes it ("I'm
 * going", with their name, so the kiosk can tell the resident who is coming) and
 * closes it. Version 1 added kioskNumber, category, serviceId and handledByName.
 */
export const helpRequestSchemaLiteral = {
  title: 'help request',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    deviceId: { type: 'string', maxLength: 64 },
    /** The kiosk as staff know it: its issuing slot + 1 ("2号取号机"); the server checks it against the credential. */
    kioskNumber: { type: 'integer', minimum: 1, maximum: 100 },
    screen: { type: 'string', maxLength: 64 },
    /** The category the resident was looking at, if any. */
    category: { type: 'string', enum: [...CATEGORY_IDS] },
    /** The service the resident was looking at (detail screen) or took a number for (ticket screen). */
    serviceId: { type: 'string', maxLength: 64 },
    lang: { type: 'string', enum: [...LANGUAGES] },
    status: { type: 'string', enum: ['open', 'acknowledged', 'closed'] },
    createdAt: epochMs,
    handledAt: epochMs,
    handledBy: { type: 'string', maxLength: 64 },
    /** The staff member's name as the station lists it: kiosks do not receive the staff list. */
    handledByName: { type: 'string', minLength: 1, maxLength: 40 },
  },
  required: ['id', 'stationId', 'deviceId', 'screen', 'lang', 'status', 'createdAt'],
  additionalProperties: false,
} as const;

/** What a device's printer service last said of its printer; the paper states are the printing service's own. */
export const PRINTER_PAPER_STATES = ['ok', 'near_end', 'out', 'unknown'] as const;

/**
 * A device's own report of its state (one document per device, id = the device id),
 * so the district and the station hub see which printers are out of paper and which
 * devices lag behind. Only the device itself writes it (rules/device-health-rules.ts);
 * its times are the device's clock, so the server's own last-seen time stays the one
 * that decides "not synced for an hour".
 */
export const deviceHealthSchemaLiteral = {
  title: 'device health',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    deviceId: { type: 'string', maxLength: 64 },
    role: { type: 'string', enum: ['kiosk', 'counter', 'display'] },
    appVersion: { type: 'string', maxLength: 48 },
    printer: {
      type: 'object',
      properties: {
        /** network, device, system or none (the printing service's setting kinds). */
        kind: { type: 'string', maxLength: 16 },
        /** "192.168.1.50:9100", "/dev/usb/lp0", … as the technician knows it. */
        printer: { type: 'string', maxLength: 200 },
        /** Absent when it cannot be known from the device (system printers, none). */
        reachable: { type: 'boolean' },
        paper: { type: 'string', enum: [...PRINTER_PAPER_STATES] },
        /** The printer fault code when the printer cannot be used (e.g. printer_unreachable). */
        problem: { type: 'string', maxLength: 48 },
      },
      required: ['kind', 'paper'],
      additionalProperties: false,
    },
    /** Documents written on the device that the district has not confirmed yet. */
    outbox: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    /** When the device last completed a round trip with the district (device clock). */
    lastSyncedAt: epochMs,
    /** Server clock minus device clock, in ms, from the server's Date header (±1 s). */
    clockOffsetMs: { type: 'integer', minimum: -8_640_000_000_000, maximum: 8_640_000_000_000 },
    /** Free local storage in bytes (quota minus usage), when the device can tell. */
    storageFreeBytes: { type: 'integer', minimum: 0, maximum: 9_007_199_254_740_991 },
    lastError: { type: 'string', maxLength: 500 },
    /** When the device wrote this report (device clock). */
    updatedAt: epochMs,
  },
  required: ['id', 'stationId', 'deviceId', 'role', 'appVersion', 'printer', 'outbox', 'updatedAt'],
  additionalProperties: false,
} as const;

/** Where an appointment stands; once checked in, its ticket carries it (called, served) through the ticket lifecycle. */
export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'no_show', 'cancelled'] as const;
/** Who booked it: staff at the counter, the district (admin API), or the resident on the phone page. */
export const APPOINTMENT_CHANNELS = ['counter', 'district', 'phone'] as const;

/**
 * An appointment for a service at a slot of a station day (appointment-rules.ts
 * says who may write what). The resident checks in at the kiosk with `code` (4
 * digits, unique among the station's appointments of the day) or the last 4 digits
 * of their phone; the kiosk issues a ticket and records it here.
 */
export const appointmentSchemaLiteral = {
  title: 'appointment',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    serviceId: { type: 'string', maxLength: 64 },
    /** The station-local day of the slot. */
    day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 },
    /** The slot's start on the station's wall clock. */
    start: HHMM,
    /** The slot's length when booked (a later change of the station's slots does not move a booking). */
    slotMinutes: { type: 'integer', minimum: 5, maximum: 240 },
    code: { type: 'string', pattern: '^\\d{4}$', maxLength: 4 },
    phoneLast4: { type: 'string', pattern: '^\\d{4}$', maxLength: 4 },
    name: { type: 'string', minLength: 1, maxLength: 40 },
    status: { type: 'string', enum: [...APPOINTMENT_STATUSES], maxLength: 16 },
    channel: { type: 'string', enum: [...APPOINTMENT_CHANNELS], maxLength: 16 },
    /** A staff id (counter), "district", or "phone". */
    createdBy: { type: 'string', maxLength: 64 },
    createdAt: epochMs,
    /** Set at check-in: the ticket issued for it and when. */
    ticketId: { type: 'string', maxLength: 64 },
    checkedInAt: epochMs,
    /** Set when cancelled or marked no-show: who did it (a staff id, or the device). */
    closedBy: { type: 'string', maxLength: 64 },
  },
  required: [
    'id',
    'stationId',
    'serviceId',
    'day',
    'start',
    'slotMinutes',
    'code',
    'name',
    'status',
    'channel',
    'createdBy',
    'createdAt',
  ],
  indexes: [['day', 'code']],
  additionalProperties: false,
} as const;

const serviceTyped = toTypedRxJsonSchema(serviceSchemaLiteral);
const stationTyped = toTypedRxJsonSchema(stationSchemaLiteral);
const ticketTyped = toTypedRxJsonSchema(ticketSchemaLiteral);
const needTyped = toTypedRxJsonSchema(needSchemaLiteral);
const helpTyped = toTypedRxJsonSchema(helpRequestSchemaLiteral);
const deviceHealthTyped = toTypedRxJsonSchema(deviceHealthSchemaLiteral);
const appointmentTyped = toTypedRxJsonSchema(appointmentSchemaLiteral);

export type ServiceDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof serviceTyped>;
export type StationDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof stationTyped>;
export type TicketDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof ticketTyped>;
export type NeedDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof needTyped>;
export type HelpRequestDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof helpTyped>;
export type DeviceHealthDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof deviceHealthTyped>;
export type AppointmentDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof appointmentTyped>;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

/** A stored call policy is a CallPolicy, and stores every field of one: the schema cannot drift from call-order.ts. */
type StoredCallPolicy = NonNullable<StationDoc['callPolicy']>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _callPolicyMatches: [
  StoredCallPolicy extends CallPolicy ? true : false,
  SameKeys<StoredCallPolicy['priority'], CallPolicy['priority']>,
  SameKeys<StoredCallPolicy['appointments'], CallPolicy['appointments']>,
  SameKeys<NonNullable<StoredCallPolicy['priority']['qualifies']>, NonNullable<CallPolicy['priority']['qualifies']>>,
] = [true, true, true, true];

export const serviceSchema: RxJsonSchema<ServiceDoc> = serviceTyped;
export const stationSchema: RxJsonSchema<StationDoc> = stationTyped;
export const ticketSchema: RxJsonSchema<TicketDoc> = ticketTyped;
export const needSchema: RxJsonSchema<NeedDoc> = needTyped;
export const helpRequestSchema: RxJsonSchema<HelpRequestDoc> = helpTyped;
export const deviceHealthSchema: RxJsonSchema<DeviceHealthDoc> = deviceHealthTyped;
export const appointmentSchema: RxJsonSchema<AppointmentDoc> = appointmentTyped;

/** A project's progress as residents read it on the kiosk. */
export const PROJECT_STATUSES = ['planned', 'in_progress', 'done'] as const;

/**
 * A service project the district made of residents' needs (三张清单: needs →
 * projects), one station's: its kiosks show it as "your suggestions became: …".
 * Only the district writes it (no device role may push it); it carries no
 * resident's words or number, only what the district says of the project.
 */
export const projectSchemaLiteral = {
  title: 'project',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    stationId,
    title: { type: 'string', minLength: 1, maxLength: 80 },
    status: { type: 'string', enum: [...PROJECT_STATUSES], maxLength: 16 },
    owner: { type: 'string', maxLength: 64 },
    /** Linked resources (三张清单's resources): a partner, a room, a budget line; with a link when there is one. */
    resources: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 120 },
          url: { type: 'string', maxLength: 300, pattern: '^https?://' },
        },
        required: ['text'],
        additionalProperties: false,
      },
    },
    /** How many residents' needs the project answers. */
    needCount: { type: 'integer', minimum: 0, maximum: 100000 },
    /** When the district last changed it (server clock). */
    updatedAt: epochMs,
  },
  required: ['id', 'stationId', 'title', 'status', 'owner', 'resources', 'needCount', 'updatedAt'],
  additionalProperties: false,
} as const;

const projectTyped = toTypedRxJsonSchema(projectSchemaLiteral);
export type ProjectDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof projectTyped>;
export const projectSchema: RxJsonSchema<ProjectDoc> = projectTyped;

/** Collection names, shared by the local database and the replication endpoints. */
export const COLLECTIONS = {
  services: serviceSchema,
  stations: stationSchema,
  tickets: ticketSchema,
  needs: needSchema,
  helpRequests: helpRequestSchema,
  deviceHealth: deviceHealthSchema,
  appointments: appointmentSchema,
  projects: projectSchema,
} as const;
export type CollectionName = keyof typeof COLLECTIONS;
