/**
 * The technician's diagnostics, from the device side: who this device is, whether
 * its district answers (GET /health with a short timeout) and how far the device
 * clock is from the server's, and how the printer is. The renderer adds what only
 * it knows (sync state, browser storage).
 *
 * `exportTo` writes the logs and a diagnostics JSON into a new folder inside a
 * folder the technician chose (a USB stick). The device credential never goes
 * there: it lives in its own file that is not copied, and any occurrence of it in
 * a log line is blanked out as well, because a log line could quote a request.
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { HEALTH_PATH } from '#protocol/api.ts';
import type {
  AppInfo,
  ClientDiagnostics,
  DeviceDiagnostics,
  DistrictCheck,
  PrinterSetting,
  PrinterStatusInfo,
} from '#ipc/contract.ts';
import { DeviceFailure } from '#ipc/errors.ts';
import type { ConfigStore } from './config-store.ts';
import type { CredentialStore } from './credential-store.ts';
import { logFilePath } from './logger.ts';
import { describePrinter } from '#ipc/printer-config.ts';
import type { PrinterService } from './printer/printer-service.ts';

/** Long enough for a slow station uplink, short enough that the screen does not seem to hang. */
export const HEALTH_TIMEOUT_MS = 4000;

/** What a blanked-out credential looks like in an exported log. */
export const CREDENTIAL_REDACTED = '[device credential removed]';

export interface DiagnosticsDeps {
  dataDir: string;
  appInfo: AppInfo;
  configStore: Pick<ConfigStore, 'get' | 'lastRecovery'>;
  credentialStore: Pick<CredentialStore, 'get'>;
  /** The station hub's credential, when this device is its station's hub: blanked out like the device's own. */
  hubCredentialStore?: Pick<CredentialStore, 'get'>;
  printerStatus(): Promise<PrinterStatusInfo>;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface Diagnostics {
  get(): Promise<DeviceDiagnostics>;
  exportTo(folder: string, client?: ClientDiagnostics): Promise<{ files: string[] }>;
}

/** The printer service's status as the technician screens show it: a fault is data, not an error. */
export async function printerStatusInfo(
  printer: Pick<PrinterService, 'status'>,
  setting: PrinterSetting,
): Promise<PrinterStatusInfo> {
  const result = await printer.status();
  if (result.ok) return { ...result.value, problem: null };
  if (result.error.code === 'printer_not_configured')
    return { kind: 'none', printer: describePrinter(setting), reachable: null, paper: 'unknown', problem: null };
  return {
    kind: setting.kind,
    printer: describePrinter(setting),
    reachable: false,
    paper: 'unknown',
    problem: { code: result.error.code, message: result.error.message },
  };
}

/**
 * Asks the district's /health. The clock offset uses the answer's Date header:
 * it has whole seconds, so the server's time lies somewhere in that second (+500 ms
 * is the middle), and the request took a while, so the device time is the middle
 * of the round trip. Good to about a second, which is what a technician needs.
 */
export async function checkDistrict(
  districtUrl: string,
  doFetch: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<DistrictCheck> {
  const sent = now();
  let response: Response;
  try {
    response = await doFetch(`${districtUrl}${HEALTH_PATH}`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${HEALTH_TIMEOUT_MS / 1000} s`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    return {
      reachable: false,
      status: null,
      latencyMs: null,
      clockOffsetMs: null,
      error: `cannot reach ${districtUrl}: ${reason}`,
    };
  }
  const received = now();
  await response.arrayBuffer().catch(() => undefined);
  const date = Date.parse(response.headers.get('date') ?? '');
  const clockOffsetMs = Number.isNaN(date) ? null : Math.round(date + 500 - (sent + received) / 2);
  return {
    reachable: response.ok,
    status: response.status,
    latencyMs: received - sent,
    clockOffsetMs,
    error: response.ok ? null : `the district answered HTTP ${response.status} at ${HEALTH_PATH}`,
  };
}

/** Creates the diagnostics of one device. */
export function createDiagnostics({
  dataDir,
  appInfo,
  configStore,
  credentialStore,
  hubCredentialStore,
  printerStatus,
  fetch: doFetch = fetch,
  now = Date.now,
}: DiagnosticsDeps): Diagnostics {
  async function get(): Promise<DeviceDiagnostics> {
    const [config, saved] = await Promise.all([configStore.get(), credentialStore.get().catch(() => null)]);
    const [district, printer] = await Promise.all([
      config.districtUrl ? checkDistrict(config.districtUrl, doFetch, now) : Promise.resolve(null),
      printerStatus(),
    ]);
    return {
      appVersion: appInfo.version,
      runtime: appInfo.runtime,
      deviceId: config.deviceId,
      stationId: config.stationId,
      role: config.role,
      enrolled: saved !== null,
      districtUrl: config.districtUrl,
      district,
      printer,
      checkedAt: new Date(now()).toISOString(),
    };
  }

  async function exportTo(folder: string, client?: ClientDiagnostics): Promise<{ files: string[] }> {
    if (!isAbsolute(folder))
      throw new DeviceFailure(
        'export_folder_invalid',
        `give the full path of the folder, e.g. /media/usb or E:\\, not "${folder}"`,
      );
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory())
      throw new DeviceFailure('export_folder_invalid', `there is no folder ${folder}; is the USB stick plugged in?`);
    const config = await configStore.get();
    const secrets = (
      await Promise.all([credentialStore.get(), hubCredentialStore?.get()].map((p) => p?.catch(() => null)))
    )
      .map((saved) => saved?.credential)
      .filter((c): c is string => !!c);
    const redact = (text: string) => secrets.reduce((out, secret) => out.replaceAll(secret, CREDENTIAL_REDACTED), text);
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    const target = join(folder, `doorstep-diagnostics-${config.deviceId}-${stamp}`);
    const files: string[] = [];
    try {
      await mkdir(join(target, 'logs'), { recursive: true });
      const logDir = dirname(logFilePath(dataDir));
      const logs = await readdir(logDir).catch(() => [] as string[]);
      for (const name of logs) {
        const from = join(logDir, name);
        if (!(await stat(from)).isFile()) continue;
        const to = join(target, 'logs', name);
        if (secrets.length) await writeFile(to, redact(await readFile(from, 'utf8')));
        else await copyFile(from, to);
        files.push(to);
      }
      // The settings file holds no secret (the credential has its own file), and a technician often needs it.
      const bundle = {
        exportedAt: new Date(now()).toISOString(),
        device: await get(),
        client: client ?? null,
        config,
        configRecovery: configStore.lastRecovery(),
      };
      const json = redact(JSON.stringify(bundle, null, 2) + '\n');
      const bundlePath = join(target, 'diagnostics.json');
      await writeFile(bundlePath, json);
      files.push(bundlePath);
    } catch (error) {
      throw new DeviceFailure('export_failed', `could not write to ${target}: ${(error as Error).message}`);
    }
    return { files };
  }

  return { get, exportTo };
}
