/**
 * The one table of device API handlers, built from the device services. Electron's
 * ipcMain and the browser host both serve this table through `dispatch`
 * (validate.ts), so each channel's behaviour exists exactly once.
 *
 * Runtime-free: the services are described here by the little each handler needs,
 * and electron/services implements them.
 */
import type { Catalog } from '../../sync/protocol/catalog.ts';
import type { AppInfo, ChannelName, Channels, DeviceConfig, LogEntry, PrintTicketRequest } from './contract.ts';
import { DeviceFailure, type DeviceOutcome } from './errors.ts';

/** A handler receives an already validated request. Expected failures throw DeviceFailure. */
export type Handler<C extends ChannelName> = (request: Channels[C]['request']) => Promise<Channels[C]['response']>;

/** One handler per channel; a missing channel is a compile error. */
export type Handlers = { readonly [C in ChannelName]: Handler<C> };

/** What the handlers need from the device services. */
export interface HandlerDeps {
  configStore: { get(): Promise<DeviceConfig> };
  demoCatalog: { load(): Promise<DeviceOutcome<Catalog>> };
  logger: { write(entry: LogEntry): void };
  appInfo: AppInfo;
  credentialStore: { get(): Promise<{ districtUrl: string; credential: string } | null> };
  /** Prints a ticket; `printed: false` when no printer is set up. Printer faults throw DeviceFailure. */
  printTicket(request: PrintTicketRequest): Promise<{ printed: boolean }>;
}

/** Module prefix of log lines that come from the renderer, so they stand apart in the device log. */
export const RENDERER_LOG_PREFIX = 'renderer/';

/** Builds the handler table from the device services. */
export function createHandlers({ configStore, demoCatalog, logger, appInfo, credentialStore, printTicket }: HandlerDeps): Handlers {
  return {
    'app:getInfo': async () => ({ ...appInfo }),
    'config:get': () => configStore.get(),
    'catalog:loadDemo': async () => {
      const result = await demoCatalog.load();
      if (!result.ok) throw new DeviceFailure(result.error.code, result.error.message);
      return result.value;
    },
    'log:write': async (entry) => {
      logger.write({ ...entry, module: RENDERER_LOG_PREFIX + entry.module });
      return null;
    },
    'sync:getSession': async () => {
      const saved = await credentialStore.get();
      return saved ? { districtUrl: saved.districtUrl, credential: saved.credential } : null;
    },
    'printer:printTicket': (request) => printTicket(request),
  };
}
