/**
 * The process logger: pino (the logger Fastify itself uses), so server, database
 * and CLI logs are one structured stream. Modules take a child with their name.
 */
import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

export type Logger = PinoLogger;

/** Values that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'headers.authorization', 'credential'];

/**
 * Creates the root logger (level from LOG_LEVEL, default info). `fd` 2 sends it to
 * stderr, for commands whose stdout is their result.
 */
export function createLogger(options: LoggerOptions = {}, fd: 1 | 2 = 1): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info', redact: REDACT, ...options }, pino.destination(fd));
}

/** A logger that drops everything (tests, and callers that do not care). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
