/**
 * The one table of device API handlers, built from the device services. Electron's
 * ipcMain and the browser host both serve this table through `dispatch`
 * (validate.ts), so each channel's behaviour exists exactly once.
 *
 * Runtime-free: the services are described here by the little each handler needs,
 * and electron/services implements them.
 */
import type { Catalog } from '#protocol/catalog.ts';
import type { Lang } from '#protocol/languages.ts';
import type {
  ActivityReport,
  AppInfo,
  ChannelName,
  Channels,
  ClientDiagnostics,
  DeviceConfig,
  DeviceDiagnostics,
  DeviceResult,
  DisplayInfo,
  EnrolChannelRequest,
  FollowLink,
  LogEntry,
  PinCheck,
  PrinterSetting,
  PrinterStatusInfo,
  PrintTicketRequest,
  SetupState,
} from './contract.ts';
import { DeviceFailure } from './errors.ts';

/** A handler receives an already validated request. Expected failures throw DeviceFailure. */
export type Handler<C extends ChannelName> = (request: Channels[C]['request']) => Promise<Channels[C]['response']>;

/** One handler per channel; a missing channel is a compile error. */
export type Handlers = { readonly [C in ChannelName]: Handler<C> };

/** What the handlers need from the device services. */
export interface HandlerDeps {
  configStore: { get(): Promise<DeviceConfig> };
  demoCatalog: { load(): Promise<DeviceResult<Catalog>> };
  logger: { write(entry: LogEntry): void };
  appInfo: AppInfo;
  credentialStore: { get(): Promise<{ districtUrl: string; credential: string } | null> };
  /** Prints a ticket; `printed: false` when no printer is set up. Printer faults throw DeviceFailure. */
  printTicket(request: PrintTicketRequest): Promise<{ printed: boolean }>;
  /** The technician's services; without them the technician channels answer 'technician_pin_required'. */
  setup?: SetupHandlerDeps;
  /** Keeps the screen's latest activity report for the update scheduler. */
  activity?: { report(report: ActivityReport): void };
  /** A ticket's phone link and QR symbol; absent (or null) when the device cannot make one. */
  followLink?(ticketId: string): Promise<FollowLink>;
}

/** What the technician channels need. Expected failures throw DeviceFailure. */
export interface SetupHandlerDeps {
  technician: {
    /** Sets the PIN: allowed when none exists yet, or within a technician session. */
    setPin(pin: string): Promise<void>;
    verifyPin(pin: string): Promise<PinCheck>;
    /** Throws DeviceFailure('technician_pin_required' | 'technician_locked_out') unless a technician session is active; extends it. */
    requireSession(): Promise<void>;
    status(): Promise<Pick<SetupState, 'pinConfigured' | 'sessionActive' | 'retryAfterMs'>>;
  };
  state(): Promise<Pick<SetupState, 'enrolled' | 'setupRequired' | 'displayId'>>;
  enrol(request: EnrolChannelRequest): Promise<Channels['setup:enrol']['response']>;
  configurePrinter(setting: PrinterSetting): Promise<void>;
  printTest(lang: Lang): Promise<{ printed: boolean }>;
  printerStatus(): Promise<PrinterStatusInfo>;
  diagnostics(): Promise<DeviceDiagnostics>;
  exportDiagnostics(folder: string, client?: ClientDiagnostics): Promise<{ files: string[] }>;
  listDisplays(): Promise<DisplayInfo[]>;
  chooseDisplay(id: string | null): Promise<void>;
  /** Closes the program (Electron); elsewhere throws DeviceFailure('forbidden'). */
  quitApp(): Promise<void>;
  /** The station hub on this device (electron/services/station-hub.ts). */
  hubTurnOn(code: string): Promise<Channels['hub:turnOn']['response']>;
  hubTurnOff(): Promise<void>;
  /** Checks that the address is this station's hub before keeping it; DeviceFailure('hub_not_verified') if not. */
  setHubAddress(hubUrl: string | null): Promise<Channels['hub:setAddress']['response']>;
}

/** Module prefix of log lines that come from the renderer, so they stand apart in the device log. */
export const RENDERER_LOG_PREFIX = 'renderer/';

/** Builds the handler table from the device services. */
export function createHandlers({
  configStore,
  demoCatalog,
  logger,
  appInfo,
  credentialStore,
  printTicket,
  setup,
  activity,
  followLink,
}: HandlerDeps): Handlers {
  const needSetup = (): SetupHandlerDeps => {
    if (!setup)
      throw new DeviceFailure('technician_pin_required', 'technician settings are not available in this runtime');
    return setup;
  };
  /** Runs a technician action only within a technician session, so a resident's page can never reach it. */
  const guarded =
    <R, A extends unknown[]>(run: (deps: SetupHandlerDeps, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const deps = needSetup();
      await deps.technician.requireSession();
      return run(deps, ...args);
    };
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
    'setup:getState': async () => {
      const deps = needSetup();
      return { ...(await deps.state()), ...(await deps.technician.status()) };
    },
    'technician:setPin': async ({ pin }) => {
      await needSetup().technician.setPin(pin);
      return null;
    },
    'technician:verifyPin': ({ pin }) => needSetup().technician.verifyPin(pin),
    'setup:enrol': guarded((deps, request: EnrolChannelRequest) => deps.enrol(request)),
    'printer:configure': guarded(async (deps, setting: PrinterSetting) => {
      await deps.configurePrinter(setting);
      return null;
    }),
    'printer:test': guarded((deps, { lang }: { lang: Lang }) => deps.printTest(lang)),
    // Not guarded: it reveals only the printer's address and paper, and staff screens may show it.
    'printer:status': () => needSetup().printerStatus(),
    'diagnostics:get': guarded((deps) => deps.diagnostics()),
    'diagnostics:export': guarded((deps, { folder, client }: { folder: string; client?: ClientDiagnostics }) =>
      deps.exportDiagnostics(folder, client),
    ),
    'displays:list': () => needSetup().listDisplays(),
    'displays:choose': guarded(async (deps, { id }: { id: string | null }) => {
      await deps.chooseDisplay(id);
      return null;
    }),
    'app:quit': guarded(async (deps) => {
      await deps.quitApp();
      return null;
    }),
    'station:activity': async (report) => {
      activity?.report(report);
      return null;
    },
    'follow:link': async ({ ticketId }) => (followLink ? followLink(ticketId) : null),
    'hub:turnOn': guarded((deps, { code }: { code: string }) => deps.hubTurnOn(code)),
    'hub:turnOff': guarded(async (deps) => {
      await deps.hubTurnOff();
      return null;
    }),
    'hub:setAddress': guarded((deps, { hubUrl }: { hubUrl: string | null }) => deps.setHubAddress(hubUrl)),
  };
}
