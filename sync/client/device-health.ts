/**
 * This device's health report (the `deviceHealth` document, id = device id): what
 * goes in it, and when a new one is worth writing. The district reads it to find
 * printers out of paper and devices that lag behind; the device alone writes it.
 *
 * When to write: at once (at most every MIN_GAP_MS) when something an operator acts
 * on changed — printer, paper, fault, role, version, outbox emptied or filled, a new
 * error — and otherwise every REFRESH_MS, so "last synced" stays fresh without a
 * write per sync round trip. A write per round trip would itself be pushed, count as
 * a round trip, and write again: a loop. At 1,300 stations × ~4 devices, one report
 * per device per 5 minutes is ~17 small writes a second district-wide, far below
 * what one district server takes (PRODUCT.md: ≥ 2,000 pushes/s).
 */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { DeviceHealthDoc } from '#protocol/schemas.ts';
import type { SyncStatus } from './status.ts';

/** Never two reports closer than this: a flapping printer costs at most one write per 10 s. */
export const HEALTH_MIN_GAP_MS = 10_000;
/** A report this old is written again even when nothing changed, so its times stay current. */
export const HEALTH_REFRESH_MS = 5 * 60_000;
/** How often the device looks at its printer and storage (cheap, local). */
export const HEALTH_CHECK_MS = 15_000;

/** The printer as the printing service reports it. */
export interface PrinterReading {
  kind: string;
  printer: string;
  reachable: boolean | null;
  paper: DeviceHealthDoc['printer']['paper'];
  problem: { code: string } | null;
}

export interface HealthReading {
  deviceId: string;
  stationId: string;
  role: DeviceRole;
  appVersion: string;
  printer: PrinterReading;
  sync: SyncStatus;
  outbox: number;
  clockOffsetMs: number | null;
  storageFreeBytes: number | null;
  now: number;
}

/** The report for a reading; absent values are left out (the schema has no nulls). */
export function healthDoc(r: HealthReading): DeviceHealthDoc {
  const printer: DeviceHealthDoc['printer'] = {
    kind: r.printer.kind.slice(0, 16),
    printer: r.printer.printer.slice(0, 200),
    paper: r.printer.paper,
  };
  if (r.printer.reachable !== null) printer.reachable = r.printer.reachable;
  if (r.printer.problem) printer.problem = r.printer.problem.code.slice(0, 48);
  const doc: DeviceHealthDoc = {
    id: r.deviceId,
    stationId: r.stationId,
    deviceId: r.deviceId,
    role: r.role,
    appVersion: r.appVersion.slice(0, 48),
    printer,
    outbox: r.outbox,
    updatedAt: r.now,
  };
  if (r.sync.lastSyncedAt !== null) doc.lastSyncedAt = r.sync.lastSyncedAt;
  if (r.clockOffsetMs !== null) doc.clockOffsetMs = r.clockOffsetMs;
  if (r.storageFreeBytes !== null) doc.storageFreeBytes = Math.max(0, Math.floor(r.storageFreeBytes));
  if (r.sync.lastError) doc.lastError = r.sync.lastError.slice(0, 500);
  return doc;
}

/** What an operator would act on: a change here is written at once. Times and sizes move too often to count. */
function significant(doc: DeviceHealthDoc): unknown[] {
  return [
    doc.role,
    doc.appVersion,
    doc.printer.kind,
    doc.printer.printer,
    doc.printer.reachable,
    doc.printer.paper,
    doc.printer.problem,
    doc.lastError,
    // Waiting or not; the exact count changes with every ticket.
    doc.outbox > 0,
    // A clock a minute or more off is worth telling at once.
    Math.round((doc.clockOffsetMs ?? 0) / 60_000),
  ];
}

/** Whether to write `next` now, given the last report written (if any). */
export function shouldWriteHealth(last: DeviceHealthDoc | null, next: DeviceHealthDoc): boolean {
  if (!last) return true;
  const age = next.updatedAt - last.updatedAt;
  // A device clock set back makes the age negative: write, or the report would freeze.
  if (age < 0 || age >= HEALTH_REFRESH_MS) return true;
  if (age < HEALTH_MIN_GAP_MS) return false;
  const a = significant(last);
  const b = significant(next);
  return a.some((value, i) => value !== b[i]);
}
