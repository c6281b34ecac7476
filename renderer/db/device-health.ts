/**
 * Keeps this device's health report current (sync/client/device-health.ts decides
 * what and when). The report is not put in the outbox: it is replaced, not kept,
 * so a lost one costs nothing, and counting it would show residents and staff
 * "waiting to upload" for a document that is not theirs. RxDB still pushes it.
 */
import type { DistrictSync } from '#client/device-replication.ts';
import { HEALTH_CHECK_MS, healthDoc, shouldWriteHealth, type PrinterReading } from '#client/device-health.ts';
import type { SyncStatus } from '#client/status.ts';
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { DeviceHealthDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from './database.ts';
import { outbox } from './outbox.ts';

export interface HealthReporterOptions {
  db: KioskDatabase;
  sync: Pick<DistrictSync, 'status$' | 'clockOffsetMs'>;
  device: { deviceId: string; stationId: string; role: DeviceRole };
  appVersion: string;
  readPrinter(): Promise<PrinterReading>;
  /** Free local storage in bytes, when the runtime can tell. */
  readFreeStorage?(): Promise<number | null>;
  checkEveryMs?: number;
}

const UNKNOWN_PRINTER: PrinterReading = { kind: 'none', printer: '', reachable: null, paper: 'unknown', problem: null };

/** Free bytes of the origin's storage (IndexedDB quota minus usage). */
export async function browserFreeStorage(): Promise<number | null> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return null;
  return Math.max(0, estimate.quota - estimate.usage);
}

/** Starts reporting; returns the function that stops it. */
export function startHealthReporter(opts: HealthReporterOptions): () => void {
  let status: SyncStatus | null = null;
  let last: DeviceHealthDoc | null = null;
  let running = false;
  let stopped = false;

  const check = async () => {
    if (running || stopped || !status) return;
    running = true;
    try {
      const [printer, storageFreeBytes] = await Promise.all([
        opts.readPrinter().catch(() => UNKNOWN_PRINTER),
        (opts.readFreeStorage ?? browserFreeStorage)().catch(() => null),
      ]);
      last ??= ((await opts.db.deviceHealth.findOne(opts.device.deviceId).exec())?.toJSON() as DeviceHealthDoc) ?? null;
      const next = healthDoc({
        ...opts.device,
        appVersion: opts.appVersion,
        printer,
        sync: status,
        outbox: outbox.size,
        clockOffsetMs: opts.sync.clockOffsetMs(),
        storageFreeBytes,
        now: Date.now(),
      });
      if (!shouldWriteHealth(last, next)) return;
      await opts.db.deviceHealth.upsert(next);
      last = next;
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void check(), opts.checkEveryMs ?? HEALTH_CHECK_MS);
  // A change of connection or error is looked at now, not at the next tick.
  let seen = '';
  const subscription = opts.sync.status$.subscribe((s) => {
    status = s;
    const key = `${s.connection}|${s.lastError ?? ''}|${s.pending > 0}`;
    if (key !== seen) {
      seen = key;
      void check();
    }
  });
  return () => {
    stopped = true;
    clearInterval(timer);
    subscription.unsubscribe();
  };
}
