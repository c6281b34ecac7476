/**
 * Whether a pushed device-health report is a legal write: each device reports only
 * its own state, under its own id, as the role its credential has. The district and
 * the station hub read the reports; no device can speak for another, so a faulty or
 * hostile device cannot hide a neighbour's empty printer. Runtime-free.
 */
import type { DeviceHealthDoc } from '#protocol/schemas.ts';
import type { Writer } from './context.ts';
import { refuse, type Refusal } from './refusals.ts';
import { mayWrite } from './role-actions.ts';

export interface HealthWrite {
  next: DeviceHealthDoc;
  deleted: boolean;
  writer: Writer;
}

export function checkDeviceHealthWrite({ next, deleted, writer }: HealthWrite): Refusal | null {
  if (deleted) return refuse('deletion_forbidden', 'a device-health report is replaced, never deleted');
  if (!mayWrite(writer.role, 'deviceHealth.report')) {
    return refuse('role_forbidden', `a ${writer.role} device does not report its health`);
  }
  // The id is the device id, so there is exactly one report per device and nobody writes another's.
  if (next.id !== writer.deviceId || next.deviceId !== writer.deviceId) {
    return refuse('wrong_device', `a device reports only its own health ("${writer.deviceId}"), not "${next.id}"`);
  }
  if (next.role !== writer.role) {
    return refuse('state_mismatch', `this device is enrolled as a ${writer.role}, not a ${next.role}`);
  }
  return null;
}
