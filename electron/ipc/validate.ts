/**
 * Runtime validation of every device API request, and `dispatch`: the single path
 * from (channel, payload) to a DeviceResult. Electron's ipcMain.handle and the
 * browser host both call it, so validation and error shaping exist once.
 * Requests come from a renderer we do not trust blindly: a compromised page could
 * send anything, so nothing reaches a handler unchecked.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { RxJsonSchema } from 'rxdb';
import { LANGUAGES } from '#protocol/languages.ts';
import { serviceSchema, stationSchema, ticketSchema } from '#protocol/schemas.ts';
import { toStoredSchema } from '#protocol/wire-schema.ts';
import { checkPrinterConfig } from './printer-config.ts';
import {
  type ActivityReport,
  CHANNEL_NAMES,
  DEVICE_ROLES,
  type ChannelName,
  type Channels,
  type ClientDiagnostics,
  type DeviceResult,
  type EnrolChannelRequest,
  type LogEntry,
  type LogLevel,
  type PrinterSetting,
  type PrintTicketRequest,
} from './contract.ts';
import { DeviceFailure } from './errors.ts';
import type { Handlers } from './handlers.ts';

/** The outcome of checking one request payload. */
export type RequestCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Limits of a renderer log entry; generous for real use, small enough to keep the log file sane. */
export const LOG_LIMITS = { module: 64, message: 2000, detailJson: 8000 } as const;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Whether a string names a channel of the contract (own names only, so '__proto__' is not one). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}

/** Channels whose request is `null` also accept `undefined`, because JSON and IPC may drop it. */
function checkNull(payload: unknown): RequestCheck<null> {
  if (payload === null || payload === undefined) return { ok: true, value: null };
  return { ok: false, problem: 'this channel takes no request; send null' };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLogEntry(payload: unknown): RequestCheck<LogEntry> {
  if (!isPlainObject(payload))
    return { ok: false, problem: 'the request must be an object {level, module, message, detail?}' };
  const unknownKey = Object.keys(payload).find((key) => !['level', 'module', 'message', 'detail'].includes(key));
  if (unknownKey !== undefined) return { ok: false, problem: `request has unknown field "${unknownKey}"` };
  const { level, module, message, detail } = payload;
  if (typeof level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(level)) {
    return { ok: false, problem: `request.level must be one of ${LOG_LEVELS.join(', ')}` };
  }
  if (typeof module !== 'string' || module.length === 0 || module.length > LOG_LIMITS.module) {
    return { ok: false, problem: `request.module must be a string of 1 to ${LOG_LIMITS.module} characters` };
  }
  if (typeof message !== 'string' || message.length > LOG_LIMITS.message) {
    return { ok: false, problem: `request.message must be a string of at most ${LOG_LIMITS.message} characters` };
  }
  if (detail === undefined) return { ok: true, value: { level: level as LogLevel, module, message } };
  let json: string | undefined;
  try {
    json = JSON.stringify(detail);
  } catch {
    json = undefined;
  }
  if (json === undefined || json.length > LOG_LIMITS.detailJson) {
    return {
      ok: false,
      problem: `request.detail must be JSON-serializable and at most ${LOG_LIMITS.detailJson} characters as JSON`,
    };
  }
  // Keep the JSON round-trip, so what is logged is exactly what would be serialized.
  return { ok: true, value: { level: level as LogLevel, module, message, detail: JSON.parse(json) as unknown } };
}

let printCheck: ValidateFunction | undefined;
/** The ticket, service and station must be documents of the synced schemas; the printer trusts nothing else. */
function checkPrintTicket(payload: unknown): RequestCheck<PrintTicketRequest> {
  printCheck ??= new Ajv({ allErrors: false, strict: false }).compile({
    type: 'object',
    properties: {
      ticket: toStoredSchema(ticketSchema as RxJsonSchema<unknown>),
      service: toStoredSchema(serviceSchema as RxJsonSchema<unknown>),
      station: toStoredSchema(stationSchema as RxJsonSchema<unknown>),
      lang: { type: 'string', enum: [...LANGUAGES] },
      peopleAhead: { type: 'integer', minimum: 0, maximum: 10000 },
    },
    required: ['ticket', 'service', 'station', 'lang', 'peopleAhead'],
    additionalProperties: false,
  });
  if (printCheck(payload)) return { ok: true, value: payload as PrintTicketRequest };
  const first = printCheck.errors?.[0];
  return {
    ok: false,
    problem: `request${first?.instancePath.replace(/\//g, '.') ?? ''} ${first?.message ?? 'is invalid'}`,
  };
}

/** Limits of technician requests: a PIN is 6–12 digits, but refuse only the absurd here and let the PIN rules speak. */
export const SETUP_LIMITS = { pin: 32, districtUrl: 300, code: 64, folder: 1024, displayId: 128, text: 2000 } as const;

/** Checks that `payload` is an object with exactly the allowed keys, the required ones present. */
function checkShape(payload: unknown, required: readonly string[], optional: readonly string[] = []): string | null {
  if (!isPlainObject(payload))
    return `the request must be an object {${[...required, ...optional.map((k) => `${k}?`)].join(', ')}}`;
  const unknownKey = Object.keys(payload).find((key) => !required.includes(key) && !optional.includes(key));
  if (unknownKey !== undefined) return `request has unknown field "${unknownKey}"`;
  const missing = required.find((key) => !(key in payload));
  return missing === undefined ? null : `request.${missing} is missing`;
}

function checkString(value: unknown, field: string, max: number, min = 1): string | null {
  return typeof value === 'string' && value.length >= min && value.length <= max
    ? null
    : `request.${field} must be a string of ${min} to ${max} characters`;
}

function checkPin(payload: unknown): RequestCheck<{ pin: string }> {
  const problem =
    checkShape(payload, ['pin']) ?? checkString((payload as { pin?: unknown }).pin, 'pin', SETUP_LIMITS.pin);
  return problem ? { ok: false, problem } : { ok: true, value: { pin: (payload as { pin: string }).pin } };
}

function checkEnrol(payload: unknown): RequestCheck<EnrolChannelRequest> {
  const shape = checkShape(payload, ['districtUrl', 'code'], ['role', 'allowInsecureHttp']);
  if (shape) return { ok: false, problem: shape };
  const { districtUrl, code, role, allowInsecureHttp } = payload as Record<string, unknown>;
  const problem =
    checkString(districtUrl, 'districtUrl', SETUP_LIMITS.districtUrl) ?? checkString(code, 'code', SETUP_LIMITS.code);
  if (problem) return { ok: false, problem };
  if (role !== undefined && !(DEVICE_ROLES as readonly unknown[]).includes(role))
    return { ok: false, problem: `request.role must be one of ${DEVICE_ROLES.join(', ')}` };
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean')
    return { ok: false, problem: 'request.allowInsecureHttp must be true or false' };
  return {
    ok: true,
    value: {
      districtUrl: districtUrl as string,
      code: code as string,
      ...(role !== undefined && { role: role as EnrolChannelRequest['role'] & string }),
      ...(allowInsecureHttp === true && { allowInsecureHttp: true }),
    },
  };
}

/** The same rules as the device config file, so what the screen saves, the config store accepts. */
function checkPrinterSetting(payload: unknown): RequestCheck<PrinterSetting> {
  const check = checkPrinterConfig(payload);
  return check.ok ? { ok: true, value: check.value } : { ok: false, problem: check.errors.join('; ') };
}

function checkTestPrint(payload: unknown): RequestCheck<{ lang: (typeof LANGUAGES)[number] }> {
  const shape = checkShape(payload, ['lang']);
  if (shape) return { ok: false, problem: shape };
  const { lang } = payload as { lang: unknown };
  if (!(LANGUAGES as readonly unknown[]).includes(lang))
    return { ok: false, problem: `request.lang must be one of ${LANGUAGES.join(', ')}` };
  return { ok: true, value: { lang: lang as (typeof LANGUAGES)[number] } };
}

function isNullableNumber(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function checkClientDiagnostics(value: unknown): string | null {
  const shape = checkShape(value, [
    'connection',
    'lastSyncedAt',
    'pending',
    'lastError',
    'storageUsage',
    'storageQuota',
    'persisted',
  ]);
  if (shape) return shape.replace('the request', 'request.client').replace(/request\./g, 'request.client.');
  const c = value as Record<string, unknown>;
  if (checkString(c.connection, 'connection', 32)) return 'request.client.connection must be a short string';
  if (!isNullableNumber(c.lastSyncedAt) || !isNullableNumber(c.storageUsage) || !isNullableNumber(c.storageQuota))
    return 'request.client times and sizes must be null or non-negative numbers';
  if (typeof c.pending !== 'number' || !Number.isInteger(c.pending) || c.pending < 0)
    return 'request.client.pending must be a whole number';
  if (c.lastError !== null && checkString(c.lastError, 'client.lastError', SETUP_LIMITS.text, 0))
    return `request.client.lastError must be null or at most ${SETUP_LIMITS.text} characters`;
  if (c.persisted !== null && typeof c.persisted !== 'boolean')
    return 'request.client.persisted must be null or true/false';
  return null;
}

function checkExport(payload: unknown): RequestCheck<{ folder: string; client?: ClientDiagnostics }> {
  const shape = checkShape(payload, ['folder'], ['client']);
  if (shape) return { ok: false, problem: shape };
  const { folder, client } = payload as { folder: unknown; client?: unknown };
  const problem =
    checkString(folder, 'folder', SETUP_LIMITS.folder) ??
    (client === undefined ? null : checkClientDiagnostics(client));
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    value: { folder: folder as string, ...(client !== undefined && { client: client as ClientDiagnostics }) },
  };
}

function checkDisplayChoice(payload: unknown): RequestCheck<{ id: string | null }> {
  const shape = checkShape(payload, ['id']);
  if (shape) return { ok: false, problem: shape };
  const { id } = payload as { id: unknown };
  if (id !== null && checkString(id, 'id', SETUP_LIMITS.displayId))
    return { ok: false, problem: `request.id must be null or a string of 1 to ${SETUP_LIMITS.displayId} characters` };
  return { ok: true, value: { id: id as string | null } };
}

function checkActivity(payload: unknown): RequestCheck<ActivityReport> {
  const r = payload as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r))
    return { ok: false, problem: 'request must be an activity report object' };
  const keys = ['openTicketFlow', 'activeScreen', 'staffSignedIn', 'lastInteractionAt'];
  const extra = Object.keys(r).find((k) => !keys.includes(k));
  if (extra) return { ok: false, problem: `request has unknown field "${extra}"` };
  if (typeof r.openTicketFlow !== 'boolean' || typeof r.staffSignedIn !== 'boolean')
    return { ok: false, problem: 'request.openTicketFlow and request.staffSignedIn must be true or false' };
  if (typeof r.activeScreen !== 'string' || r.activeScreen.length === 0 || r.activeScreen.length > 32)
    return { ok: false, problem: 'request.activeScreen must be a screen name of 1 to 32 characters' };
  if (
    r.lastInteractionAt !== null &&
    (typeof r.lastInteractionAt !== 'number' || !Number.isFinite(r.lastInteractionAt) || r.lastInteractionAt < 0)
  ) {
    return { ok: false, problem: 'request.lastInteractionAt must be null or epoch milliseconds' };
  }
  return { ok: true, value: r as unknown as ActivityReport };
}

/** One request check per channel; a missing channel is a compile error. */
export const REQUEST_CHECKS: {
  readonly [C in ChannelName]: (payload: unknown) => RequestCheck<Channels[C]['request']>;
} = {
  'app:getInfo': checkNull,
  'config:get': checkNull,
  'catalog:loadDemo': checkNull,
  'log:write': checkLogEntry,
  'sync:getSession': checkNull,
  'printer:printTicket': checkPrintTicket,
  'setup:getState': checkNull,
  'technician:setPin': checkPin,
  'technician:verifyPin': checkPin,
  'setup:enrol': checkEnrol,
  'printer:configure': checkPrinterSetting,
  'printer:test': checkTestPrint,
  'printer:status': checkNull,
  'diagnostics:get': checkNull,
  'diagnostics:export': checkExport,
  'displays:list': checkNull,
  'displays:choose': checkDisplayChoice,
  'station:activity': checkActivity,
  'app:quit': checkNull,
};

/** Where dispatch reports unexpected errors (a Logger fits). */
export interface ErrorReporter {
  error(message: string, detail?: unknown): void;
}

/**
 * Validates `payload` for `channel`, runs the handler and shapes the answer:
 * unknown channel → 'unknown_channel', invalid payload → 'bad_request',
 * DeviceFailure → its own code and message, anything else thrown → 'internal'
 * with a message that leaks nothing (the error itself goes to `reporter`).
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  reporter?: ErrorReporter,
): Promise<DeviceResult<unknown>> {
  if (!isChannelName(channel)) {
    return {
      ok: false,
      error: { code: 'unknown_channel', message: `"${channel.slice(0, 64)}" is not a device API channel` },
    };
  }
  const check = REQUEST_CHECKS[channel](payload);
  if (!check.ok) {
    return { ok: false, error: { code: 'bad_request', message: `${channel}: ${check.problem}` } };
  }
  // The table is keyed by channel, so handler and request belong together; TypeScript
  // cannot correlate the two through the union, hence the widening.
  const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(check.value) };
  } catch (error) {
    if (error instanceof DeviceFailure) return { ok: false, error: { code: error.code, message: error.message } };
    reporter?.error(`handler for ${channel} failed`, error);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `The device could not complete ${channel}. The details are in the device log.`,
      },
    };
  }
}
