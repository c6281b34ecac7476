/**
 * Where the receipt printer is: a network printer (raw TCP, port 9100), a device
 * file (USB printer class /dev/usb/lp0, a serial port, a Windows share path), the
 * operating system's printer (Electron prints an HTML page), or none. Pure: the
 * validator names the bad field so a technician can fix a hand-edited config.
 */

/** The port raw ESC/POS printers listen on (HP JetDirect "AppSocket"). */
export const DEFAULT_PRINTER_PORT = 9100;

export type PrinterConfig =
  | { kind: 'network'; host: string; port?: number }
  | { kind: 'device'; path: string }
  | { kind: 'system'; name: string }
  | { kind: 'none' };

export type PrinterConfigCheck = { ok: true; value: PrinterConfig } | { ok: false; errors: string[] };

const HOST_PATTERN = /^[A-Za-z0-9.:[\]-]{1,253}$/;

/** Checks a printer config (e.g. from the device config file); every problem names its field. */
export function checkPrinterConfig(data: unknown): PrinterConfigCheck {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, errors: ['printer must be an object'] };
  const record = data as Record<string, unknown>;
  const allowed: Record<string, string[]> = {
    network: ['kind', 'host', 'port'],
    device: ['kind', 'path'],
    system: ['kind', 'name'],
    none: ['kind'],
  };
  const kind = record.kind;
  if (typeof kind !== 'string' || !(kind in allowed))
    return { ok: false, errors: [`printer.kind must be one of ${Object.keys(allowed).join(', ')}`] };
  const errors = Object.keys(record)
    .filter((key) => !allowed[kind]!.includes(key))
    .map((key) => `printer has unknown field "${key}" for kind ${kind}`);
  if (kind === 'network') {
    if (typeof record.host !== 'string' || !HOST_PATTERN.test(record.host))
      errors.push('printer.host must be a host name or IP address');
    if (
      record.port !== undefined &&
      (typeof record.port !== 'number' || !Number.isInteger(record.port) || record.port < 1 || record.port > 65535)
    ) {
      errors.push('printer.port must be a whole number from 1 to 65535');
    }
  }
  if (kind === 'device' && (typeof record.path !== 'string' || record.path.trim() === '' || record.path.length > 1024))
    errors.push('printer.path must be a device path such as /dev/usb/lp0');
  if (kind === 'system' && (typeof record.name !== 'string' || record.name.trim() === '' || record.name.length > 256))
    errors.push('printer.name must be the name of an installed printer');
  return errors.length ? { ok: false, errors } : { ok: true, value: record as unknown as PrinterConfig };
}

/** How a technician recognises the printer: "192.168.1.50:9100", "/dev/usb/lp0", "system printer “EPSON TM-T88”". */
export function describePrinter(config: PrinterConfig): string {
  switch (config.kind) {
    case 'network':
      return `${config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host}:${config.port ?? DEFAULT_PRINTER_PORT}`;
    case 'device':
      return config.path;
    case 'system':
      return `system printer "${config.name}"`;
    case 'none':
      return 'no printer';
  }
}
