/**
 * Builds the device services of one data folder and the handler table that serves
 * them. Electron's main process and the browser host both start here, so the two
 * runtimes cannot wire the services differently.
 */
import type { AppInfo, LogLevel } from '../ipc/contract.ts';
import { createHandlers, type Handlers } from '../ipc/handlers.ts';
import { createConfigStore, type ConfigStore } from './config-store.ts';
import { createCredentialStore, type CredentialStore } from './credential-store.ts';
import { createDemoCatalog, type DemoCatalog } from './demo-catalog.ts';
import { createLogger, logFilePath, type Logger, type TextSink } from './logger.ts';

export interface DeviceServicesOptions {
  /** The device's data folder: config, logs. */
  dataDir: string;
  demoCatalogPath: string;
  appInfo: AppInfo;
  minLogLevel?: LogLevel;
  /** Where readable log lines go; default process.stderr. */
  stderr?: TextSink;
}

/** The services of one device plus the handlers that expose them. */
export interface DeviceServices {
  logger: Logger;
  configStore: ConfigStore;
  demoCatalog: DemoCatalog;
  credentialStore: CredentialStore;
  handlers: Handlers;
}

/** Creates the device services for a data folder. */
export function createDeviceServices({ dataDir, demoCatalogPath, appInfo, minLogLevel, stderr }: DeviceServicesOptions): DeviceServices {
  const logger = createLogger({ filePath: logFilePath(dataDir), module: appInfo.runtime, ...(minLogLevel && { minLevel: minLogLevel }), ...(stderr && { stderr }) });
  const configStore = createConfigStore({ dataDir, logger: logger.child('config-store') });
  const demoCatalog = createDemoCatalog({ catalogPath: demoCatalogPath, logger: logger.child('demo-catalog') });
  const credentialStore = createCredentialStore({ dataDir });
  const handlers = createHandlers({ configStore, demoCatalog, logger, appInfo, credentialStore });
  return { logger, configStore, demoCatalog, credentialStore, handlers };
}
