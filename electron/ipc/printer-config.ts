/**
 * Where the receipt printer is: a network printer (raw TCP, port 9100), a device
 * file (USB printer class /dev/usb/lp0, a serial port, a Windows share path), the
 * operating system's printer (Electron prints an HTML page), or none. One schema
 * serves the device config file, the `printer:configure` channel and the type;
 * a problem names the bad field so a technician can fix a hand-edited config.
 */
import { Type, type Static } from '@sinclair/typebox';
import { schemaCheck, taggedUnion } from './schema-check.ts';

/** The port raw ESC/POS printers listen on (HP JetDirect "AppSocket"). */
export const DEFAULT_PRINTER_PORT = 9100;

const HOST_PATTERN = '^[A-Za-z0-9.:[\\]-]{1,253}$';

/** The receipt printer of a device. */
export const PrinterSettingSchema = taggedUnion('kind', [
  Type.Object(
    {
      kind: Type.Literal('network'),
      host: Type.String({ pattern: HOST_PATTERN, description: 'a host name or IP address' }),
      port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'a whole number from 1 to 65535' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('device'),
      path: Type.String({
        minLength: 1,
        maxLength: 1024,
        pattern: '\\S',
        description: 'a device path such as /dev/usb/lp0',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('system'),
      name: Type.String({
        minLength: 1,
        maxLength: 256,
        pattern: '\\S',
        description: 'the name of an installed printer',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
]);
export type PrinterSetting = Static<typeof PrinterSettingSchema>;

/** Every kind of printer setting; the compiler keeps the list and the schema's branches the same. */
export const PRINTER_KINDS = [
  'network',
  'device',
  'system',
  'none',
] as const satisfies readonly PrinterSetting['kind'][];
const allKindsListed: Exclude<PrinterSetting['kind'], (typeof PRINTER_KINDS)[number]> extends never ? true : false =
  true;
void allKindsListed;

/** Checks a printer setting (e.g. from the device config file); the problem names its field ("printer.port …"). */
export const checkPrinterSetting = schemaCheck(PrinterSettingSchema, 'printer');

/** How a technician recognises the printer: "192.168.1.50:9100", "/dev/usb/lp0", "system printer “EPSON TM-T88”". */
export function describePrinter(setting: PrinterSetting): string {
  switch (setting.kind) {
    case 'network':
      return `${setting.host.includes(':') && !setting.host.startsWith('[') ? `[${setting.host}]` : setting.host}:${setting.port ?? DEFAULT_PRINTER_PORT}`;
    case 'device':
      return setting.path;
    case 'system':
      return `system printer "${setting.name}"`;
    case 'none':
      return 'no printer';
  }
}
