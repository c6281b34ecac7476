/**
 * The printer service: prints a resident's ticket or a technician's test ticket on
 * the configured printer and tells how the printer is.
 *
 * A printer fault never loses a ticket: the ticket already exists (it was written
 * to the local database before anyone asked for paper), and this service only
 * reports. It never throws; every fault comes back as `{ ok: false, error }` with a
 * code the UI maps to a message and a message that tells a technician the fix.
 * Jobs run one at a time, because many receipt printers serve one connection at a
 * time and two staff pressing "print" together must not interleave tickets.
 */
import type { Lang } from '#protocol/languages.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';
import type { Logger } from '#services/logger.ts';
import type { PaperState } from './escpos.ts';
import { encodeDocument, type PrintDocument } from './print-document.ts';
import {
  DEFAULT_PRINTER_PORT,
  checkPrinterSetting,
  describePrinter,
  type PrinterSetting,
} from '#ipc/printer-config.ts';
import { PAPER_WIDTH_MM, documentHeightMm, documentHtml } from './ticket-html.ts';
import { testTicketDocument, ticketDocument, type TicketPrintInput, type TranslateFn } from './ticket-layout.ts';
import {
  PrinterTransportError,
  TRANSPORT_ERROR_CODES,
  checkDevice,
  queryNetworkPrinter,
  sendToDevice,
  sendToNetworkPrinter,
  type Connect,
  type SendResult,
  type TransportTimeouts,
} from './transport.ts';

/** Every error code the printer service answers with. */
export const PRINTER_ERROR_CODES = [
  ...TRANSPORT_ERROR_CODES,
  /** The device has no printer configured (kind 'none'). */
  'printer_not_configured',
  /** The printer config is unusable; the message names the field. */
  'printer_config_invalid',
  /** Kind 'system': the main process must print `html` with the operating system's printer. */
  'needs_system_print',
  /** The ticket could not be laid out (e.g. a document is missing a language); the details are in the log. */
  'print_layout_failed',
] as const;
export type PrinterErrorCode = (typeof PRINTER_ERROR_CODES)[number];

/** For kind 'system': what the main process prints with webContents.print. */
export interface SystemPrintJob {
  code: 'needs_system_print';
  message: string;
  /** The operating system's name of the printer. */
  printerName: string;
  /** A self-contained 80 mm HTML page of the ticket. */
  html: string;
  /** The page size the HTML is laid out for (also in its @page rule). */
  pageSizeMm: { width: number; height: number };
}

export type PrintError = { code: Exclude<PrinterErrorCode, 'needs_system_print'>; message: string } | SystemPrintJob;

export type PrintResult = { ok: true; bytes: number; paper: PaperState } | { ok: false; error: PrintError };

/** How the printer is, for the technician's screen and the self-test. */
export interface PrinterStatus {
  kind: PrinterSetting['kind'];
  /** "192.168.1.50:9100", "/dev/usb/lp0", … */
  printer: string;
  /** true when reached; null when it cannot be known from here (system printers). */
  reachable: boolean | null;
  paper: PaperState;
}

export type PrinterStatusResult =
  | { ok: true; value: PrinterStatus }
  | { ok: false; error: { code: Exclude<PrinterErrorCode, 'needs_system_print'>; message: string } };

export interface TestPrintInput {
  lang: Lang;
  t: TranslateFn;
  /** The station's UTC offset for the printed time; Shanghai's by default. */
  utcOffsetMinutes?: number;
}

export interface PrinterService {
  /** Prints a resident's queue ticket. */
  printTicket(input: TicketPrintInput): Promise<PrintResult>;
  /** Prints the technician's test ticket. */
  printTest(input: TestPrintInput): Promise<PrintResult>;
  /** Reaches the printer and asks its paper sensor, without printing. */
  status(): Promise<PrinterStatusResult>;
}

export interface PrinterServiceDeps {
  /** Read on every job, so a changed setting applies to the next ticket. */
  config: () => PrinterSetting;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
  timeouts?: Partial<TransportTimeouts>;
  /** Tests only: a stand-in for net.createConnection. */
  connect?: Connect;
}

type Failure = { ok: false; error: { code: Exclude<PrinterErrorCode, 'needs_system_print'>; message: string } };

function failure(code: Exclude<PrinterErrorCode, 'needs_system_print'>, message: string): Failure {
  return { ok: false, error: { code, message } };
}

/** Creates the printer service. */
export function createPrinterService({
  config,
  logger,
  now = () => new Date(),
  timeouts,
  connect,
}: PrinterServiceDeps): PrinterService {
  // One job at a time; a failed job does not block the next.
  const serially = createSerialQueue();

  function currentConfig(): { ok: true; value: PrinterSetting } | Failure {
    let data: unknown;
    try {
      data = config();
    } catch (error) {
      logger.error('cannot read the printer config', error);
      return failure('printer_config_invalid', `the printer settings cannot be read: ${(error as Error).message}`);
    }
    const check = checkPrinterSetting(data);
    if (!check.ok) return failure('printer_config_invalid', `the printer settings are wrong: ${check.problem}`);
    if (check.value.kind === 'none')
      return failure(
        'printer_not_configured',
        'no receipt printer is set up on this device: a technician can set one in the device settings',
      );
    return check;
  }

  async function send(printer: PrinterSetting, bytes: Uint8Array): Promise<SendResult> {
    const options = { ...(timeouts && { timeouts }), ...(connect && { connect }) };
    if (printer.kind === 'network')
      return sendToNetworkPrinter({ host: printer.host, port: printer.port ?? DEFAULT_PRINTER_PORT }, bytes, options);
    if (printer.kind === 'device') return sendToDevice(printer.path, bytes, options);
    throw new Error(`cannot send bytes to a printer of kind ${printer.kind}`);
  }

  async function print(
    label: Record<string, unknown>,
    layout: () => PrintDocument,
    title: string,
  ): Promise<PrintResult> {
    const configured = currentConfig();
    if (!configured.ok) {
      logger.warn(`not printed: ${configured.error.message}`, { ...label, code: configured.error.code });
      return configured;
    }
    const printer = configured.value;
    const where = describePrinter(printer);
    let doc: PrintDocument;
    let bytes: Uint8Array;
    try {
      doc = layout();
      bytes = printer.kind === 'system' ? new Uint8Array() : encodeDocument(doc);
    } catch (error) {
      logger.error('cannot lay out the ticket', { ...label, error });
      return failure('print_layout_failed', `the ticket could not be laid out: ${(error as Error).message}`);
    }
    if (printer.kind === 'system') {
      const pageSizeMm = { width: PAPER_WIDTH_MM, height: documentHeightMm(doc) };
      return {
        ok: false,
        error: {
          code: 'needs_system_print',
          message: `print the page on ${where}`,
          printerName: printer.name,
          html: documentHtml(doc, title),
          pageSizeMm,
        },
      };
    }
    const started = Date.now();
    try {
      const sent = await send(printer, bytes);
      const detail = { ...label, printer: where, bytes: sent.bytes, paper: sent.paper, ms: Date.now() - started };
      if (sent.paper === 'near_end') logger.warn('printed; the paper roll is nearly empty', detail);
      else logger.info('printed', detail);
      return { ok: true, bytes: sent.bytes, paper: sent.paper };
    } catch (error) {
      if (error instanceof PrinterTransportError) {
        logger.warn(`not printed: ${error.message}`, { ...label, printer: where, code: error.code });
        return failure(error.code, error.message);
      }
      logger.error('not printed: unexpected error', { ...label, printer: where, error });
      return failure('printer_failed', `printing on ${where} failed unexpectedly: ${(error as Error).message}`);
    }
  }

  return {
    printTicket: (input) =>
      serially(() =>
        print(
          { ticketId: input.ticket.id, number: input.ticket.number, lang: input.lang },
          () => ticketDocument(input),
          input.ticket.number,
        ),
      ),

    printTest: ({ lang, t, utcOffsetMinutes }) =>
      serially(() => {
        const printer = currentConfig();
        const where = printer.ok ? describePrinter(printer.value) : '';
        return print(
          { test: true, lang },
          () =>
            testTicketDocument({
              lang,
              t,
              printer: where,
              at: now().getTime(),
              ...(utcOffsetMinutes !== undefined && { utcOffsetMinutes }),
            }),
          'printer test',
        );
      }),

    status: () =>
      serially(async (): Promise<PrinterStatusResult> => {
        const configured = currentConfig();
        if (!configured.ok) return configured;
        const printer = configured.value;
        const where = describePrinter(printer);
        try {
          if (printer.kind === 'network') {
            const { paper } = await queryNetworkPrinter(
              { host: printer.host, port: printer.port ?? DEFAULT_PRINTER_PORT },
              { ...(timeouts && { timeouts }), ...(connect && { connect }) },
            );
            return { ok: true, value: { kind: printer.kind, printer: where, reachable: true, paper } };
          }
          if (printer.kind === 'device') {
            await checkDevice(printer.path);
            return { ok: true, value: { kind: printer.kind, printer: where, reachable: true, paper: 'unknown' } };
          }
          return { ok: true, value: { kind: printer.kind, printer: where, reachable: null, paper: 'unknown' } };
        } catch (error) {
          if (error instanceof PrinterTransportError) return failure(error.code, error.message);
          logger.error('printer status: unexpected error', { printer: where, error });
          return failure('printer_failed', `asking ${where} failed unexpectedly: ${(error as Error).message}`);
        }
      }),
  };
}
