/**
 * Runtime validation of every device API request, and `dispatch`: the single path
 * from (channel, payload) to a DeviceResult. Electron's ipcMain.handle and the
 * browser host both call it, so validation and error shaping exist once.
 * Requests come from a renderer we do not trust blindly: a compromised page could
 * send anything, so nothing reaches a handler unchecked.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { RxJsonSchema } from 'rxdb';
import { LANGUAGES } from '../../sync/protocol/languages.ts';
import { serviceSchema, stationSchema, ticketSchema } from '../../sync/protocol/schemas.ts';
import { toStoredSchema } from '../../sync/protocol/wire-schema.ts';
import { CHANNEL_NAMES, type ChannelName, type Channels, type DeviceResult, type LogEntry, type LogLevel, type PrintTicketRequest } from './contract.ts';
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
  if (!isPlainObject(payload)) return { ok: false, problem: 'the request must be an object {level, module, message, detail?}' };
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
    return { ok: false, problem: `request.detail must be JSON-serializable and at most ${LOG_LIMITS.detailJson} characters as JSON` };
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
  return { ok: false, problem: `request${first?.instancePath.replace(/\//g, '.') ?? ''} ${first?.message ?? 'is invalid'}` };
}

/** One request check per channel; a missing channel is a compile error. */
export const REQUEST_CHECKS: { readonly [C in ChannelName]: (payload: unknown) => RequestCheck<Channels[C]['request']> } = {
  'app:getInfo': checkNull,
  'config:get': checkNull,
  'catalog:loadDemo': checkNull,
  'log:write': checkLogEntry,
  'sync:getSession': checkNull,
  'printer:printTicket': checkPrintTicket,
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
    return { ok: false, error: { code: 'unknown_channel', message: `"${channel.slice(0, 64)}" is not a device API channel` } };
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
      error: { code: 'internal', message: `The device could not complete ${channel}. The details are in the device log.` },
    };
  }
}
