/**
 * The messages between Electron's main process and the station hub's own process
 * (electron/hub/hub-entry.ts), one schema per direction. Each side checks every
 * message it receives: main trusts the hub process no more than any other input
 * (it runs the district server's HTTP code on the LAN), and the hub process obeys
 * only a well-formed command.
 *
 * main → hub: `init` once (where the hub keeps its data, where it listens), then
 * `call`s of the StationHubService methods, and `reply`s to the hub's requests.
 * hub → main: the `result` of each call, `request`s for the device config (main
 * owns the config file: its store caches reads, so a second writer in another
 * process would be overwritten), and `log` entries for the device log.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DEVICE_ERROR_CODES, DeviceFailure, type DeviceErrorCode } from '#ipc/errors.ts';
import { schemaCheck, stringEnum, taggedUnion, type SchemaCheck } from '#ipc/schema-check.ts';
import { EnrolmentError } from './enrolment.ts';

const closed = { additionalProperties: false } as const;
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** Every id is a call counter; bounded so a wild value cannot grow the pending maps' keys. */
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Text = (maxLength: number) => Type.String({ maxLength });

export const HUB_METHODS = ['start', 'turnOn', 'turnOff', 'stop', 'running'] as const;
export type HubMethod = (typeof HUB_METHODS)[number];

/** What the hub process needs to run `createStationHub` as the browser host would. */
export const HubInitSchema = Type.Object(
  {
    type: Type.Literal('init'),
    dataDir: Text(4096),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    host: Text(255),
    packaged: Type.Boolean(),
    allowInsecureHttp: Type.Boolean(),
    /** Tests only: a migrated PGlite dump to seed a fresh hub database (initdb is slow). */
    pgliteTemplateFile: Type.Optional(Text(4096)),
    /** Tests only: shorter stream heartbeats and uplink intervals. */
    streamHeartbeatMs: Type.Optional(Type.Integer({ minimum: 1 })),
    uplink: Type.Optional(
      Type.Object(
        {
          devicesEveryMs: Type.Optional(Type.Integer({ minimum: 1 })),
          pullEveryMs: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        closed,
      ),
    ),
  },
  closed,
);
export type HubInit = Static<typeof HubInitSchema>;

const HubCallSchema = Type.Object(
  {
    type: Type.Literal('call'),
    id: Id,
    method: stringEnum(HUB_METHODS),
    /** turnOn's hub code; the district checks it. */
    code: Type.Optional(Text(200)),
  },
  closed,
);

/** The device config as the hub process reads it: only what createStationHub looks at. */
const HubConfigViewSchema = Type.Object({ isHub: Type.Boolean(), hubUrl: nullable(Text(300)) }, closed);
export type HubConfigView = Static<typeof HubConfigViewSchema>;

const HubReplySchema = Type.Object(
  {
    type: Type.Literal('reply'),
    id: Id,
    ok: Type.Boolean(),
    config: Type.Optional(HubConfigViewSchema),
    message: Type.Optional(Text(2000)),
  },
  closed,
);

export const ToHubSchema = taggedUnion('type', [HubInitSchema, HubCallSchema, HubReplySchema]);
export type ToHub = Static<typeof ToHubSchema>;

const HubInfoSchema = Type.Object(
  {
    /** Where this device's own screens reach the hub: loopback, on the port it listens on. */
    url: Type.String({ pattern: '^http://127\\.0\\.0\\.1:[0-9]{1,5}$', maxLength: 30 }),
    hubDeviceId: Type.String({ minLength: 1, maxLength: 200 }),
  },
  closed,
);

/** An error as it crosses the process boundary: the kind decides what main throws. */
const WireErrorSchema = Type.Object(
  {
    kind: stringEnum(['enrolment', 'device', 'other'] as const),
    code: Type.Optional(Text(100)),
    message: Text(2000),
  },
  closed,
);
export type WireError = Static<typeof WireErrorSchema>;

const HubResultSchema = Type.Object(
  {
    type: Type.Literal('result'),
    id: Id,
    ok: Type.Boolean(),
    value: Type.Optional(nullable(HubInfoSchema)),
    error: Type.Optional(WireErrorSchema),
  },
  closed,
);

const HubRequestSchema = Type.Object(
  {
    type: Type.Literal('request'),
    id: Id,
    op: stringEnum(['config:get', 'config:update'] as const),
    /** config:update: only the two settings a hub changes; hubUrl only ever the hub's own loopback address. */
    patch: Type.Optional(
      Type.Object(
        {
          isHub: Type.Optional(Type.Boolean()),
          hubUrl: Type.Optional(nullable(HubInfoSchema.properties.url)),
        },
        closed,
      ),
    ),
  },
  closed,
);

const HubLogSchema = Type.Object(
  {
    type: Type.Literal('log'),
    level: stringEnum(['info', 'warn', 'error'] as const),
    message: Text(2000),
    /** Whatever the hub attached, as JSON text (already a string: nothing to walk on this side). */
    detail: Type.Optional(Text(8000)),
  },
  closed,
);

export const FromHubSchema = taggedUnion('type', [HubResultSchema, HubRequestSchema, HubLogSchema]);
export type FromHub = Static<typeof FromHubSchema>;

export const checkToHub: (value: unknown) => SchemaCheck<ToHub> = schemaCheck(ToHubSchema, 'message');
export const checkFromHub: (value: unknown) => SchemaCheck<FromHub> = schemaCheck(FromHubSchema, 'message');

const clip = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The hub process's side: any thrown value as it goes to main. */
export function toWireError(error: unknown): WireError {
  if (error instanceof EnrolmentError)
    return { kind: 'enrolment', code: clip(error.code, 100), message: clip(error.message) };
  if (error instanceof DeviceFailure) return { kind: 'device', code: error.code, message: clip(error.message) };
  return { kind: 'other', message: clip(error instanceof Error ? error.message : String(error)) };
}

/**
 * Main's side: the error a StationHubService caller expects, so device-services maps a refused
 * hub code to the technician's words exactly as with an in-process hub.
 */
export function fromWireError(error: WireError): Error {
  if (error.kind === 'enrolment' && error.code) return new EnrolmentError(error.code, error.message);
  if (error.kind === 'device' && (DEVICE_ERROR_CODES as readonly string[]).includes(error.code ?? '')) {
    return new DeviceFailure(error.code as DeviceErrorCode, error.message);
  }
  return new Error(`station hub process: ${error.message}`);
}
