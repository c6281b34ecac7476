/**
 * Error codes the device API answers with, and the one way a handler reports an
 * expected failure. Runtime-free, so the renderer can map each code to a message.
 */

/** Every `DeviceError.code` the device side produces. */
export const DEVICE_ERROR_CODES = [
  /** The channel name is not one of CHANNEL_NAMES. */
  'unknown_channel',
  /** The request payload failed validation; the message says which field. */
  'bad_request',
  /** The caller is not the app itself (wrong frame origin, foreign web page). */
  'forbidden',
  /** The browser host refused a request body larger than MAX_REQUEST_BYTES. */
  'payload_too_large',
  /** Anything unexpected; the details are in the device log, never in the message. */
  'internal',
  /** The demo catalog file exists but is not a valid catalog. */
  'catalog_invalid',
  /** The demo catalog file is not where the app expects it. */
  'catalog_missing',
  /** Printer faults, as the printer service names them (electron/services/printer/printer-service.ts). */
  'printer_unreachable',
  'printer_no_permission',
  'printer_device_missing',
  'printer_busy',
  'paper_out',
  'printer_config_invalid',
  'print_layout_failed',
  'printer_failed',
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

/** A DeviceResult whose error code is one of ours; what a device service returns. */
export type DeviceOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: DeviceErrorCode; message: string } };

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
