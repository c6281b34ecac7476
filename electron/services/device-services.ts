/**
 * Builds the device services of one data folder and the handler table that serves
 * them. Electron's main process and the browser host both start here, so the two
 * runtimes cannot wire the services differently.
 */
import type { AppInfo, DeviceConfig, LogLevel } from '../ipc/contract.ts';
import { createHandlers, type Handlers } from '../ipc/handlers.ts';
import { createConfigStore, type ConfigStore } from './config-store.ts';
import { createCredentialStore, type CredentialStore } from './credential-store.ts';
import { createDemoCatalog, type DemoCatalog } from './demo-catalog.ts';
import { createLogger, logFilePath, type Logger, type TextSink } from './logger.ts';
import { createPrinterService, type PrinterService, type SystemPrintJob } from './printer/printer-service.ts';
import { createTicketPrinting } from './ticket-printing.ts';

export interface DeviceServicesOptions {
  /** The device's data folder: config, logs. */
  dataDir: string;
  demoCatalogPath: string;
  appInfo: AppInfo;
  minLogLevel?: LogLevel;
  /** Where readable log lines go; default process.stderr. */
  stderr?: TextSink;
  /** Electron's OS-printer fallback (webContents.print with an 80 mm page); absent in the browser host. */
  systemPrint?: (job: SystemPrintJob) => Promise<void>;
}

/** The services of one device plus the handlers that expose them. */
export interface DeviceServices {
  logger: Logger;
  configStore: ConfigStore;
  demoCatalog: DemoCatalog;
  credentialStore: CredentialStore;
  printer: PrinterService;
  handlers: Handlers;
}

/** Creates the device services for a data folder. */
export function createDeviceServices({ dataDir, demoCatalogPath, appInfo, minLogLevel, stderr, systemPrint }: DeviceServicesOptions): DeviceServices {
  const logger = createLogger({ filePath: logFilePath(dataDir), module: appInfo.runtime, ...(minLogLevel && { minLevel: minLogLevel }), ...(stderr && { stderr }) });
  const configStore = createConfigStore({ dataDir, logger: logger.child('config-store') });
  const demoCatalog = createDemoCatalog({ catalogPath: demoCatalogPath, logger: logger.child('demo-catalog') });
  const credentialStore = createCredentialStore({ dataDir });
  // Refreshed from the config store before every job, so a technician's change applies to the next ticket.
  let printerSetting: DeviceConfig['printer'] = { kind: 'none' };
  const printer = createPrinterService({ config: () => printerSetting, logger: logger.child('printer') });
  const refreshPrinterSetting = async () => {
    printerSetting = (await configStore.get()).printer;
  };
  const printTicket = createTicketPrinting({ printer, before: refreshPrinterSetting, ...(systemPrint && { systemPrint }) });
  const handlers = createHandlers({ configStore, demoCatalog, logger, appInfo, credentialStore, printTicket });
  return { logger, configStore, demoCatalog, credentialStore, printer, handlers };
}
