/**
 * Runtime validation of every device API request, and `dispatch`: the single path
 * from (channel, payload) to a DeviceResult. Electron's ipcMain.handle and the
 * browser host both call it, so validation and error shaping exist once.
 * Requests come from a renderer we do not trust blindly: a compromised page could
 * send anything, so nothing reaches a handler unchecked. The checks are compiled
 * from the channel schemas (channel-schemas.ts), the same ones the types come from.
 */
import { isDeviceChannel, type ChannelName } from './channel-names.ts';
import { CHANNEL_SCHEMAS, LOG_LIMITS } from './channel-schemas.ts';
import type { Channels, DeviceResult, LogEntry } from './contract.ts';
import { DeviceFailure } from './errors.ts';
import type { Handlers } from './handlers.ts';
import { schemaCheck, type SchemaCheck } from './schema-check.ts';

type Check<C extends ChannelName, K extends 'request' | 'response'> = (value: unknown) => SchemaCheck<Channels[C][K]>;
type ChecksOf<K extends 'request' | 'response'> = { readonly [C in ChannelName]: Check<C, K> };

function checksOf<K extends 'request' | 'response'>(kind: K): ChecksOf<K> {
  return Object.fromEntries(
    Object.entries(CHANNEL_SCHEMAS).map(([channel, schemas]) => [channel, schemaCheck(schemas[kind], kind)]),
  ) as unknown as ChecksOf<K>;
}

/** What JSON Schema cannot say about a log entry: its detail must survive JSON, within a size. */
function refineLogEntry(entry: LogEntry): SchemaCheck<LogEntry> {
  if (entry.detail === undefined) return { ok: true, value: entry };
  let json: string | undefined;
  try {
    json = JSON.stringify(entry.detail);
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
  return { ok: true, value: { ...entry, detail: JSON.parse(json) as unknown } };
}

const requestSchemaChecks = checksOf('request');

/** One request check per channel, compiled from its schema. */
export const REQUEST_CHECKS: ChecksOf<'request'> = {
  ...requestSchemaChecks,
  'log:write': (payload) => {
    const check = requestSchemaChecks['log:write'](payload);
    return check.ok ? refineLogEntry(check.value) : check;
  },
};

/**
 * One response check per channel. Dispatch does not run them (a handler's answer
 * is typed from the same schema); tests run them on real handlers' answers, so a
 * service that answers outside its schema fails a test.
 */
export const RESPONSE_CHECKS: ChecksOf<'response'> = checksOf('response');

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
  if (!isDeviceChannel(channel)) {
    return {
      ok: false,
      error: { code: 'unknown_channel', message: `"${channel.slice(0, 64)}" is not a device API channel` },
    };
  }
  // Channels that take no request accept `undefined` as well, because JSON and IPC may drop a null.
  const check = REQUEST_CHECKS[channel](payload === undefined ? null : payload);
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
