/** A logger per module. Entries go to the device's log file through the platform; never to the console. */
import type { LogLevel } from '#ipc/contract.ts';
import { getPlatform } from '#renderer/platform/platform.ts';

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

function serializable(detail: unknown): unknown {
  if (detail instanceof Error) return { name: detail.name, message: detail.message, stack: detail.stack };
  return detail;
}

/** Creates the logger for one module, e.g. createLogger('resident/ticket'). */
export function createLogger(module: string): Logger {
  const write = (level: LogLevel) => (message: string, detail?: unknown) => {
    // Logging must never break the screen, so a failed write is dropped.
    void getPlatform()
      .invoke('log:write', { level, module, message, detail: serializable(detail) })
      .catch(() => undefined);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
