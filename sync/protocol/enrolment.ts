/**
 * Device enrolment: a technician types a one-time code that the district issued for
 * one station; the device receives its id, its credential and its ticket-issuing
 * slot. Runtime-free.
 */

/** What a device does at the station: the resident kiosk, a staff counter, or the calling display. */
export const DEVICE_ROLES = ['kiosk', 'counter', 'display'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export function isDeviceRole(value: unknown): value is DeviceRole {
  return typeof value === 'string' && (DEVICE_ROLES as readonly string[]).includes(value);
}

/** Roles that issue tickets and therefore need an issuing slot of their own. */
export const ISSUING_ROLES: readonly DeviceRole[] = ['kiosk', 'counter'];

/** Days an enrolment code stays valid unless the operator chooses otherwise. */
export const ENROLMENT_CODE_TTL_DAYS_DEFAULT = 7;

/** POST body of `/api/v1/devices/enrol`. `role`, when given, must match the code's role. */
export interface EnrolRequest {
  code: string;
  deviceName?: string;
  role?: DeviceRole;
}

/** What an enrolled device keeps: `credential` goes in `Authorization: Bearer …` and is shown only once. */
export interface EnrolResponse {
  deviceId: string;
  stationId: string;
  credential: string;
  issuingSlot: number;
  issuingSlots: number;
  role: DeviceRole;
}

/**
 * Codes are Crockford base32, shown as `XXXX-XXXX-XXXX`. People mistype, so
 * case, spaces and hyphens are ignored and the look-alikes O, I and L read as 0, 1, 1.
 */
export function normalizeEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
