/**
 * The device log: one JSON object per line in `<dataDir>/logs/kiosk.log`, plus a
 * short readable line on stderr for whoever watches the terminal. Lines are
 * appended synchronously so the last words before a crash or power cut reach the
 * disk. Logging never throws: a kiosk must keep serving residents even when its
 * disk is full.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LogEntry, LogLevel } from '#ipc/contract.ts';

/** A module's logger. `write` takes a whole entry, e.g. one forwarded from the renderer. */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  write(entry: LogEntry): void;
  /** A logger for another module that shares this one's file and settings. */
  child(module: string): Logger;
}

/** Where a text stream goes; `process.stderr` fits. */
export interface TextSink {
  write(text: string): unknown;
}

export interface LoggerOptions {
  /** The JSON-lines file, or null for stderr only. */
  filePath: string | null;
  module?: string;
  /** Entries below this level are dropped. Default 'info'. */
  minLevel?: LogLevel;
  /** Default process.stderr; tests pass a collector or a no-op. */
  stderr?: TextSink;
  now?: () => Date;
  /** At creation a file larger than this is moved to `<file>.1`, so the log cannot fill the disk. */
  rotateBytes?: number;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The device log file inside a data folder. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'kiosk.log');
}

/** Errors do not survive JSON.stringify (their fields are not enumerable), so spell them out. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause !== undefined && { cause: value.cause }),
    };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** JSON text of a value, or null when it cannot be serialized (e.g. circular). */
function toJson(value: unknown): string | null {
  try {
    return JSON.stringify(value, jsonReplacer) ?? null;
  } catch {
    return null;
  }
}

const UNSERIALIZABLE = '[detail could not be serialized]';

function rotateIfLarge(filePath: string, limit: number): void {
  try {
    if (statSync(filePath).size > limit) renameSync(filePath, `${filePath}.1`);
  } catch {
    // No file yet, or it cannot be moved: logging carries on either way.
  }
}

/** Creates the root logger of a process (or of a test). */
export function createLogger(options: LoggerOptions): Logger {
  const {
    filePath,
    minLevel = 'info',
    stderr = process.stderr,
    now = () => new Date(),
    rotateBytes = 10 * 1024 * 1024,
  } = options;
  if (filePath !== null) {
    try {
      mkdirSync(dirname(filePath), { recursive: true });
      rotateIfLarge(filePath, rotateBytes);
    } catch {
      // Reported by the first write that fails.
    }
  }
  // A full disk may recover, so writing is retried for every line; the failure is reported once.
  let fileFailureReported = false;

  function emit(entry: LogEntry): void {
    if (LEVEL_RANK[entry.level] < LEVEL_RANK[minLevel]) return;
    const time = now().toISOString();
    const record = {
      time,
      level: entry.level,
      module: entry.module,
      message: entry.message,
      ...(entry.detail !== undefined && { detail: entry.detail }),
    };
    if (filePath !== null) {
      try {
        // A detail that cannot be serialized costs only the detail, never the line.
        const line = toJson(record) ?? JSON.stringify({ ...record, detail: UNSERIALIZABLE });
        appendFileSync(filePath, line + '\n');
        fileFailureReported = false;
      } catch (error) {
        if (!fileFailureReported)
          safeWrite(
            stderr,
            `${time} ERROR logger: cannot write ${filePath}, logging to stderr only: ${String(error)}\n`,
          );
        fileFailureReported = true;
      }
    }
    const detail = entry.detail === undefined ? '' : ' ' + (toJson(entry.detail) ?? UNSERIALIZABLE);
    safeWrite(stderr, `${time} ${entry.level.toUpperCase()} ${entry.module}: ${entry.message}${detail}\n`);
  }

  function forModule(module: string): Logger {
    return {
      debug: (message, detail) => emit({ level: 'debug', module, message, detail }),
      info: (message, detail) => emit({ level: 'info', module, message, detail }),
      warn: (message, detail) => emit({ level: 'warn', module, message, detail }),
      error: (message, detail) => emit({ level: 'error', module, message, detail }),
      write: (entry) => emit(entry),
      child: (name) => forModule(name),
    };
  }
  return forModule(options.module ?? 'main');
}

function safeWrite(sink: TextSink, text: string): void {
  try {
    sink.write(text);
  } catch {
    // A closed stderr must not take the app down.
  }
}
