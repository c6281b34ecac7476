/**
 * Error codes the device API answers with, and the one way a handler reports an
 * expected failure. Runtime-free, so the renderer can map each code to a message.
 */

/**
 * Enrolment outcomes a technician is told in their own words: a wrong or silent
 * address, and the district's own answers about the code (sync/server/repositories/enrolment.ts).
 */
export const ENROLMENT_ERROR_CODES = [
  'district_url_invalid',
  'district_unreachable',
  /** Plain http:// to another machine from a packaged kiosk, and the technician did not allow it. */
  'district_insecure',
  'enrolment_code_unknown',
  'enrolment_code_used',
  'enrolment_code_expired',
  'enrolment_role_mismatch',
] as const;

/** Printer faults, as the printer service names them (electron/services/printer/printer-service.ts). */
export const PRINTER_FAULT_CODES = [
  'printer_unreachable',
  'printer_no_permission',
  'printer_device_missing',
  'printer_busy',
  'paper_out',
  'printer_config_invalid',
  'print_layout_failed',
  'printer_failed',
] as const;

/** Every `DeviceError.code` the device side produces. */
export const DEVICE_ERROR_CODES = [
  /** The channel name is not one of CHANNEL_NAMES (channel-names.ts). */
  'unknown_channel',
  /** The request payload failed validation; the message says which field. */
  'bad_request',
  /** The caller is not the app itself (wrong frame origin, foreign web page). */
  'forbidden',
  /** The browser host refused a request body larger than MAX_REQUEST_BYTES. */
  'payload_too_large',
  /** The browser platform got no answer from the loopback host (renderer/platform/browser-platform.ts). */
  'host_unreachable',
  /** Anything unexpected; the details are in the device log, never in the message. */
  'internal',
  /** The demo catalog file exists but is not a valid catalog. */
  'catalog_invalid',
  /** The demo catalog file is not where the app expects it. */
  'catalog_missing',
  ...PRINTER_FAULT_CODES,
  /** The technician channels need a verified PIN first (or, on a fresh device, a new one). */
  'technician_pin_required',
  /** A new technician PIN that is too easy to guess; the message says why. */
  'technician_pin_weak',
  /** Too many wrong technician PINs; the message says how long to wait. */
  'technician_locked_out',
  ...ENROLMENT_ERROR_CODES,
  /** Enrolment failed in another way; the message has the district's answer. */
  'enrolment_failed',
  /** diagnostics:export: the folder does not exist or cannot be written. */
  'export_folder_invalid',
  'export_failed',
  /** hub:setAddress: nothing answered at that address as this station's hub (a stranger, another station's hub, or nothing). */
  'hub_not_verified',
  /** hub:* needs the device enrolled with its district first. */
  'hub_needs_enrolment',
  /** hub:turnOn / hub:turnOff: this runtime cannot run a station hub. */
  'hub_unavailable',
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

/**
 * An expected failure a handler throws on purpose. Dispatch passes its code and
 * message to the caller unchanged; any other thrown error becomes 'internal'.
 */
export class DeviceFailure extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceFailure';
  }
}
