/**
 * Printing a resident's ticket from the device side: the printer service with the
 * words printed on paper (printer/paper-words.ts), and the outcome mapped to what the device API answers. A printer fault is
 * reported to the staff screen and never touches the ticket itself.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { LANGUAGES } from '#protocol/languages.ts';
import type { PrintTicketRequest } from '#ipc/contract.ts';
import { DEVICE_ERROR_CODES, DeviceFailure, type DeviceErrorCode } from '#ipc/errors.ts';
import { PAPER_NAMESPACE, paperResources } from './printer/paper-words.ts';
import type { PrinterService, PrintResult, SystemPrintJob } from './printer/printer-service.ts';

let texts: I18n | undefined;
/** One i18next instance for printed words; the layout passes the language per call. */
export function printTexts(): I18n {
  if (!texts) {
    texts = i18next.createInstance();
    void texts.init({
      resources: paperResources,
      lng: 'zh-Hans',
      supportedLngs: [...LANGUAGES],
      fallbackLng: false,
      defaultNS: PAPER_NAMESPACE,
      ns: [PAPER_NAMESPACE],
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  return texts;
}

/**
 * What the device API answers for a print: printed, no printer set up, or the
 * printer's fault as a DeviceFailure. The OS-printer case is printed here.
 */
export async function printedOrThrow(
  result: PrintResult,
  systemPrint?: (job: SystemPrintJob) => Promise<void>,
): Promise<{ printed: boolean }> {
  if (result.ok) return { printed: true };
  const { error } = result;
  if (error.code === 'printer_not_configured') return { printed: false };
  if (error.code === 'needs_system_print') {
    if (!systemPrint)
      throw new DeviceFailure(
        'printer_failed',
        'printing with the operating system printer works only in the Electron app',
      );
    await systemPrint(error);
    return { printed: true };
  }
  const code: DeviceErrorCode = (DEVICE_ERROR_CODES as readonly string[]).includes(error.code)
    ? (error.code as DeviceErrorCode)
    : 'printer_failed';
  throw new DeviceFailure(code, error.message);
}

export interface TicketPrintingDeps {
  printer: PrinterService;
  /** Runs before each job (reads the current printer setting). */
  before?: () => Promise<void>;
  /** Prints an 80 mm HTML page with the operating system's printer (Electron only). */
  systemPrint?: (job: SystemPrintJob) => Promise<void>;
  /** The ticket's phone link for its QR code (follow-links.ts), made here rather than taken from the screen. */
  followLink?: (ticketId: string) => Promise<string | null>;
}

/** The `printer:printTicket` handler. */
export function createTicketPrinting({ printer, before, systemPrint, followLink }: TicketPrintingDeps) {
  return async (request: PrintTicketRequest): Promise<{ printed: boolean }> => {
    await before?.();
    const t = printTexts();
    const link = await followLink?.(request.ticket.id).catch(() => null);
    const result = await printer.printTicket({
      ...request,
      ...(link && { followUrl: link }),
      t: (key, options) => t.t(key, { ...options, lng: request.lang }),
    });
    return printedOrThrow(result, systemPrint);
  };
}
