/**
 * Builds the device services of one data folder and the handler table that serves
 * them. Electron's main process and the browser host both start here, so the two
 * runtimes cannot wire the services differently.
 */
import type { AppInfo, DeviceConfig, DisplayInfo, LogLevel } from '#ipc/contract.ts';
import { DeviceFailure, ENROLMENT_ERROR_CODES, type DeviceErrorCode } from '#ipc/errors.ts';
import { createHandlers, type Handlers, type SetupHandlerDeps } from '#ipc/handlers.ts';
import { createConfigStore, type ConfigStore } from './config-store.ts';
import { createCredentialStore, HUB_CREDENTIAL_FILE_NAME, type CredentialStore } from './credential-store.ts';
import { createDemoCatalog, type DemoCatalog } from './demo-catalog.ts';
import { createDiagnostics, printerStatusInfo } from './diagnostics.ts';
import { createDisplayChoice, THIS_SCREEN } from './display-choice.ts';
import { EnrolmentError, enrolDevice } from './enrolment.ts';
import { createFollowLinks } from './follow-links.ts';
import { createLogger, logFilePath, type Logger, type TextSink } from './logger.ts';
import { createPrinterService, type PrinterService, type SystemPrintJob } from './printer/printer-service.ts';
import { encodeQr } from './printer/qr-code.ts';
import { createTechnicianPin } from './technician-pin.ts';
import { createActivityStore, type ActivityStore } from './station-activity.ts';
import { createTicketPrinting, printedOrThrow, printTexts } from './ticket-printing.ts';
import { checkHubAddress } from './hub-address.ts';
import type { StationHubDeps, StationHubService } from './station-hub.ts';

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
  /** Electron only: closes the kiosk for good; reachable only through the technician PIN. */
  quitApp?: () => void;
  /**
   * true (the default): a device that is not enrolled runs as the demo kiosk. false: it
   * shows the technician's setup until it is enrolled (an installed station device).
   */
  demoMode?: boolean;
  /** An installed kiosk (app.isPackaged): plain http:// to another machine needs the technician's consent. */
  packaged?: boolean;
  /** The machine's screens (Electron: screen.getAllDisplays); the browser host offers only its own. */
  listDisplays?: () => Promise<DisplayInfo[]>;
  /** Passed to enrolment and the district health check; tests only. */
  fetch?: typeof fetch;
  /**
   * Runs the station hub on this device (electron/services/station-hub.ts `createStationHub`).
   * Injected, because the hub brings the district server and PGlite, which only a host that
   * can load them passes; without it the hub channels answer 'hub_unavailable'.
   */
  stationHub?: (deps: StationHubDeps) => StationHubService;
}

/** The services of one device plus the handlers that expose them. */
export interface DeviceServices {
  logger: Logger;
  configStore: ConfigStore;
  demoCatalog: DemoCatalog;
  credentialStore: CredentialStore;
  printer: PrinterService;
  /** What the screen last reported doing, for the update scheduler. */
  activity: ActivityStore;
  /** This device's station hub, when the host can run one; hosts call start() at launch and stop() at exit. */
  stationHub: StationHubService | null;
  handlers: Handlers;
}

/** Creates the device services for a data folder. */
export function createDeviceServices({
  dataDir,
  demoCatalogPath,
  appInfo,
  minLogLevel,
  stderr,
  systemPrint,
  demoMode = true,
  packaged = false,
  listDisplays = async () => [THIS_SCREEN],
  fetch: doFetch,
  quitApp,
  stationHub: makeStationHub,
}: DeviceServicesOptions): DeviceServices {
  const logger = createLogger({
    filePath: logFilePath(dataDir),
    module: appInfo.runtime,
    ...(minLogLevel && { minLevel: minLogLevel }),
    ...(stderr && { stderr }),
  });
  const configStore = createConfigStore({ dataDir, logger: logger.child('config-store') });
  const demoCatalog = createDemoCatalog({ catalogPath: demoCatalogPath, logger: logger.child('demo-catalog') });
  const credentialStore = createCredentialStore({ dataDir });
  const hubCredentialStore = createCredentialStore({ dataDir, fileName: HUB_CREDENTIAL_FILE_NAME });
  const stationHub =
    makeStationHub?.({
      dataDir,
      configStore,
      credentialStore,
      hubCredentialStore,
      logger: logger.child('station-hub'),
      transport: { packaged, allowInsecureHttp: false },
      ...(doFetch && { fetch: doFetch }),
    }) ?? null;
  // Refreshed from the config store before every job, so a technician's change applies to the next ticket.
  let printerSetting: DeviceConfig['printer'] = { kind: 'none' };
  const printer = createPrinterService({ config: () => printerSetting, logger: logger.child('printer') });
  const refreshPrinterSetting = async () => {
    printerSetting = (await configStore.get()).printer;
  };
  const followLinks = createFollowLinks({
    dataDir,
    credentialStore,
    packaged,
    logger: logger.child('follow-links'),
    ...(doFetch && { fetch: doFetch }),
  });
  // At start, so a kiosk that goes offline before its first ticket still prints a working link.
  void followLinks.prefetch();
  const printTicket = createTicketPrinting({
    printer,
    before: refreshPrinterSetting,
    // A ticket prints at once: at most a short wait for the key when the device has none yet.
    followLink: (ticketId) => followLinks.linkFor(ticketId, { maxWaitMs: 2000 }),
    ...(systemPrint && { systemPrint }),
  });
  const setup = createSetupDeps({
    afterEnrol: () => void followLinks.prefetch(),
    dataDir,
    appInfo,
    logger,
    configStore,
    credentialStore,
    hubCredentialStore,
    stationHub,
    printer,
    refreshPrinterSetting,
    demoMode,
    packaged,
    listDisplays,
    ...(systemPrint && { systemPrint }),
    ...(doFetch && { fetch: doFetch }),
    ...(quitApp && { quitApp }),
  });
  const activity = createActivityStore();
  const handlers = createHandlers({
    configStore,
    demoCatalog,
    logger,
    appInfo,
    credentialStore,
    printTicket,
    setup,
    activity,
    followLink: async (ticketId) => {
      const url = await followLinks.linkFor(ticketId);
      if (!url) return null;
      // The same encoder as the printed ticket's HTML version, so screen and paper carry one symbol.
      const modules = encodeQr(url, 'M').modules.map((row) => row.map((dark) => (dark ? '1' : '0')).join(''));
      return { url, modules };
    },
  });
  return { logger, configStore, demoCatalog, credentialStore, printer, activity, stationHub, handlers };
}

interface SetupDepsOptions {
  /** Runs after a successful enrolment (fetches the new station's follow key before the first ticket). */
  afterEnrol(): void;
  dataDir: string;
  appInfo: AppInfo;
  logger: Logger;
  configStore: ConfigStore;
  credentialStore: CredentialStore;
  hubCredentialStore: CredentialStore;
  stationHub: StationHubService | null;
  printer: PrinterService;
  refreshPrinterSetting(): Promise<void>;
  demoMode: boolean;
  packaged: boolean;
  listDisplays(): Promise<DisplayInfo[]>;
  systemPrint?: (job: SystemPrintJob) => Promise<void>;
  fetch?: typeof fetch;
  quitApp?: () => void;
}

/** The technician's services: PIN guard, enrolment, printer set-up and test, diagnostics, screens. */
function createSetupDeps(o: SetupDepsOptions): SetupHandlerDeps {
  const log = o.logger.child('setup');
  const technician = createTechnicianPin({ dataDir: o.dataDir, logger: log });
  const displayChoice = createDisplayChoice({ dataDir: o.dataDir });
  const printerStatus = async () => {
    await o.refreshPrinterSetting();
    return printerStatusInfo(o.printer, (await o.configStore.get()).printer);
  };
  const diagnostics = createDiagnostics({
    dataDir: o.dataDir,
    appInfo: o.appInfo,
    configStore: o.configStore,
    credentialStore: o.credentialStore,
    hubCredentialStore: o.hubCredentialStore,
    printerStatus,
    ...(o.fetch && { fetch: o.fetch }),
  });
  const needHub = (): StationHubService => {
    if (!o.stationHub) throw new DeviceFailure('hub_unavailable', 'this runtime cannot run a station hub');
    return o.stationHub;
  };
  const enrolmentFailure = (error: unknown): never => {
    if (!(error instanceof EnrolmentError)) throw error;
    log.warn(`enrolment refused: ${error.code}`, { message: error.message });
    const known = (ENROLMENT_ERROR_CODES as readonly string[]).includes(error.code);
    throw new DeviceFailure(known ? (error.code as DeviceErrorCode) : 'enrolment_failed', error.message);
  };
  return {
    technician,
    state: async () => {
      const enrolled = (await o.credentialStore.get().catch(() => null)) !== null;
      return { enrolled, setupRequired: !enrolled && !o.demoMode, displayId: await displayChoice.get() };
    },
    enrol: async ({ districtUrl, code, role, allowInsecureHttp = false }) => {
      try {
        const enrolled = await enrolDevice(
          districtUrl,
          { code, deviceName: `${o.appInfo.runtime} kiosk`, ...(role && { role }) },
          {
            configStore: o.configStore,
            credentialStore: o.credentialStore,
            transport: { packaged: o.packaged, allowInsecureHttp },
            ...(o.fetch && { fetch: o.fetch }),
          },
        );
        log.info('enrolled with the district', {
          districtUrl: enrolled.districtUrl,
          stationId: enrolled.stationId,
          deviceId: enrolled.deviceId,
          role: enrolled.role,
        });
        // A new identity is not its old station's hub (enrolDevice cleared the hub settings).
        await o.stationHub?.stop();
        o.afterEnrol();
        return { stationId: enrolled.stationId, deviceId: enrolled.deviceId, role: enrolled.role };
      } catch (error) {
        return enrolmentFailure(error);
      }
    },
    hubTurnOn: async (code) => {
      const hub = needHub();
      if (!(await o.credentialStore.get())) {
        throw new DeviceFailure('hub_needs_enrolment', 'enrol this device with the district before making it the hub');
      }
      try {
        const running = await hub.turnOn(code);
        log.info('this device is now the station hub', running);
        return { hubUrl: running.url, hubDeviceId: running.hubDeviceId };
      } catch (error) {
        return enrolmentFailure(error);
      }
    },
    hubTurnOff: () => needHub().turnOff(),
    setHubAddress: async (hubUrl) => {
      if (hubUrl === null) {
        await o.configStore.update({ hubUrl: null });
        log.info('station hub address cleared');
        return { hubDeviceId: null };
      }
      const [device, config] = await Promise.all([o.credentialStore.get(), o.configStore.get()]);
      if (!device) {
        throw new DeviceFailure('hub_needs_enrolment', 'enrol this device with the district before giving it a hub');
      }
      if (config.isHub) {
        throw new DeviceFailure('bad_request', 'this device is the station hub itself; turn the hub off first');
      }
      const checked = await checkHubAddress(hubUrl, device);
      await o.configStore.update({ hubUrl: checked.hubUrl });
      log.info('station hub address set', checked);
      return { hubDeviceId: checked.hubDeviceId };
    },
    configurePrinter: async (setting) => {
      await o.configStore.update({ printer: setting });
      log.info('printer set up', { printer: setting });
    },
    printTest: async (lang) => {
      await o.refreshPrinterSetting();
      const t = printTexts();
      const result = await o.printer.printTest({ lang, t: (key, options) => t.t(key, { ...options, lng: lang }) });
      return printedOrThrow(result, o.systemPrint);
    },
    printerStatus,
    diagnostics: () => diagnostics.get(),
    exportDiagnostics: (folder, client) => diagnostics.exportTo(folder, client),
    listDisplays: o.listDisplays,
    chooseDisplay: (id) => displayChoice.set(id),
    quitApp: async () => {
      if (!o.quitApp) throw new DeviceFailure('forbidden', 'closing the program is possible only in the kiosk app');
      log.info('technician closed the app');
      o.quitApp();
    },
  };
}
