/**
 * Getting bytes to the printer: raw TCP to a network printer (port 9100), or a
 * write to a device file (USB printer class, serial port). Failures become a
 * PrinterTransportError whose code the UI can map to a message and whose message
 * tells a technician the cause and the fix.
 *
 * Before a network print the printer's paper sensor is asked (DLE EOT 4) on the
 * same connection — many network printers serve one connection at a time. Many
 * printers never answer; silence within a short time means "unknown", and the
 * ticket is printed anyway.
 */
import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { paperStatusQuery, parsePaperStatus, type PaperState } from './escpos.ts';

/** Every code a transport failure has. */
export const TRANSPORT_ERROR_CODES = [
  /** No connection: refused, timed out, no route, unknown host. */
  'printer_unreachable',
  /** The device file is not there (unplugged, switched off, wrong path). */
  'printer_device_missing',
  /** Another program holds the printer, or it takes no data. */
  'printer_busy',
  /** The paper sensor reports the roll is empty. */
  'paper_out',
  /** The device file exists, but this user may not write to it. */
  'printer_no_permission',
  /** Sending broke off part way (the ticket may be partly printed), or the printer reported an error. */
  'printer_failed',
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

/** A printer fault, with a code for the UI and a message for the technician. */
export class PrinterTransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterTransportError';
  }
}

/** How long each step may take, in milliseconds. */
export interface TransportTimeouts {
  /** TCP connect. */
  connectMs: number;
  /** Waiting for the answer to DLE EOT 4; a silent printer costs this much per ticket. */
  statusMs: number;
  /** Handing the bytes over (TCP or device write). */
  writeMs: number;
  /** Waiting for the printer to close the connection after the job, before we close it ourselves. */
  closeMs: number;
}

export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 3000, statusMs: 800, writeMs: 10_000, closeMs: 1000 };

export interface NetworkTarget {
  host: string;
  port: number;
}

/** What a successful send learned. */
export interface SendResult {
  /** Bytes handed to the printer. */
  bytes: number;
  /** The paper sensor's answer before printing; 'unknown' when the printer did not answer or cannot be asked. */
  paper: PaperState;
}

/** Opens a TCP connection; tests pass a stand-in to simulate a printer that never answers. */
export type Connect = (options: { host: string; port: number }) => Socket;

export interface NetworkOptions {
  timeouts?: Partial<TransportTimeouts>;
  connect?: Connect;
}

function address({ host, port }: NetworkTarget): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

function networkError(error: unknown, target: NetworkTarget, stage: 'connect' | 'send'): PrinterTransportError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const where = address(target);
  if (code === 'ECONNREFUSED') {
    return new PrinterTransportError(
      'printer_unreachable',
      `the printer at ${where} refused the connection (ECONNREFUSED): check that it is switched on and that the port is right`,
      { cause: error },
    );
  }
  if (stage === 'connect' || UNREACHABLE_CODES.has(code)) {
    return new PrinterTransportError(
      'printer_unreachable',
      `cannot reach the printer at ${where} (${code}): check its cable, its IP address and the station network`,
      { cause: error },
    );
  }
  return new PrinterTransportError(
    'printer_failed',
    `the connection to the printer at ${where} broke while sending (${code}); the ticket may be partly printed: check the printer and print it again`,
    { cause: error },
  );
}

function connectTo(target: NetworkTarget, timeouts: TransportTimeouts, connect: Connect): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const fail = (error: PrinterTransportError) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(
        new PrinterTransportError(
          'printer_unreachable',
          `no answer from the printer at ${address(target)} within ${timeouts.connectMs} ms: check that it is on and on the station network, and its IP address`,
        ),
      );
    }, timeouts.connectMs);
    const onConnectError = (error: Error) => fail(networkError(error, target, 'connect'));
    // A socket error with no listener would crash the app; the later steps add listeners that act on errors.
    socket.on('error', () => undefined);
    socket.once('error', onConnectError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onConnectError);
      resolve(socket);
    });
  });
}

/** Asks the paper sensor on an open connection; resolves 'unknown' on silence, never rejects. */
function askPaper(socket: Socket, statusMs: number): Promise<PaperState> {
  return new Promise((resolve) => {
    const done = (state: PaperState) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      // Answers that come late, and automatic status messages, are read and dropped.
      socket.on('data', () => undefined);
      resolve(state);
    };
    const onData = (chunk: Buffer) => done(parsePaperStatus(chunk[0]!));
    const onClose = () => done('unknown');
    const timer = setTimeout(() => done('unknown'), statusMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(paperStatusQuery());
  });
}

/** Sends the bytes and half-closes; waits a moment for the printer to close its side. */
function sendAndClose(
  socket: Socket,
  bytes: Uint8Array,
  target: NetworkTarget,
  timeouts: TransportTimeouts,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: PrinterTransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(writeTimer);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      // The bytes are with the operating system now; a printer that keeps the connection open is not waited for long.
      const closeTimer = setTimeout(() => socket.destroy(), timeouts.closeMs);
      socket.once('close', () => clearTimeout(closeTimer));
      resolve();
    };
    const writeTimer = setTimeout(() => {
      finish(
        new PrinterTransportError(
          'printer_busy',
          `the printer at ${address(target)} took no data for ${timeouts.writeMs} ms: it may be busy with another job, or jammed; check it and print again`,
        ),
      );
    }, timeouts.writeMs);
    socket.on('error', (error) => finish(networkError(error, target, 'send')));
    socket.end(bytes, () => finish());
  });
}

/**
 * Prints bytes on a network printer: connect, ask the paper sensor (unless
 * `checkPaper` is false), refuse to send when the roll is empty, send, close.
 * Throws PrinterTransportError.
 */
export async function sendToNetworkPrinter(
  target: NetworkTarget,
  bytes: Uint8Array,
  options: NetworkOptions & { checkPaper?: boolean } = {},
): Promise<SendResult> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const socket = await connectTo(target, timeouts, options.connect ?? createConnection);
  // Errors before sendAndClose listens (e.g. a reset while asking the paper sensor) must not go unhandled.
  let earlyError: unknown;
  const onEarlyError = (error: unknown) => (earlyError ??= error);
  socket.on('error', onEarlyError);
  const paper = options.checkPaper === false ? 'unknown' : await askPaper(socket, timeouts.statusMs);
  socket.off('error', onEarlyError);
  if (earlyError !== undefined) {
    socket.destroy();
    throw networkError(earlyError, target, 'send');
  }
  if (paper === 'out') {
    socket.destroy();
    throw new PrinterTransportError(
      'paper_out',
      `the printer at ${address(target)} reports that the paper roll is empty: put in a new roll`,
    );
  }
  await sendAndClose(socket, bytes, target, timeouts);
  return { bytes: bytes.length, paper };
}

/** Asks a network printer's paper sensor without printing. Throws PrinterTransportError when it cannot be reached. */
export async function queryNetworkPrinter(
  target: NetworkTarget,
  options: NetworkOptions = {},
): Promise<{ paper: PaperState }> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const socket = await connectTo(target, timeouts, options.connect ?? createConnection);
  try {
    return { paper: await askPaper(socket, timeouts.statusMs) };
  } finally {
    socket.destroy();
  }
}

function deviceError(error: unknown, path: string): PrinterTransportError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  switch (code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return new PrinterTransportError(
        'printer_device_missing',
        `the printer device ${path} is not there (${code}): check that the printer is plugged in and switched on, and the device path`,
        { cause: error },
      );
    case 'EBUSY':
    case 'EAGAIN':
      return new PrinterTransportError(
        'printer_busy',
        `the printer device ${path} is in use by another program (${code}): close it and print again`,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
      return new PrinterTransportError(
        'printer_no_permission',
        `the kiosk may not write to ${path} (${code}): add its user to the device's group (lp for USB printers, dialout for serial ports)`,
        { cause: error },
      );
    case 'ENOSPC':
      // The Linux USB printer driver reports the printer's paper-empty signal this way.
      return new PrinterTransportError(
        'paper_out',
        `the printer on ${path} reports that the paper roll is empty: put in a new roll`,
        { cause: error },
      );
    default:
      return new PrinterTransportError(
        'printer_failed',
        `writing to the printer device ${path} failed (${code}); the ticket may be partly printed: check the printer (paper, cover, cutter) and print again`,
        { cause: error },
      );
  }
}

/**
 * Prints bytes by writing them to a device file. The file is never created: a
 * missing device is an error, not a new regular file in /dev. Throws
 * PrinterTransportError.
 */
export async function sendToDevice(
  path: string,
  bytes: Uint8Array,
  options: { timeouts?: Partial<TransportTimeouts> } = {},
): Promise<SendResult> {
  const { writeMs } = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // O_NOCTTY: a serial printer port must not become the kiosk's controlling terminal.
  const flags = constants.O_WRONLY | (constants.O_NOCTTY ?? 0);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags);
  } catch (error) {
    throw deviceError(error, path);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PrinterTransportError(
            'printer_busy',
            `the printer device ${path} took no data for ${writeMs} ms: it may be offline, out of paper or jammed; check it and print again`,
          ),
        ),
      writeMs,
    );
  });
  const writing = handle.writeFile(bytes);
  try {
    await Promise.race([writing, timedOut]);
  } catch (error) {
    // A write stuck in the driver keeps the handle busy; closing is left to finish in the background.
    writing.catch(() => undefined).finally(() => void handle.close().catch(() => undefined));
    throw error instanceof PrinterTransportError ? error : deviceError(error, path);
  } finally {
    clearTimeout(timer);
  }
  await handle.close().catch(() => undefined);
  return { bytes: bytes.length, paper: 'unknown' };
}

/** Checks that the device file exists and is writable. Throws PrinterTransportError. */
export async function checkDevice(path: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
  } catch (error) {
    throw deviceError(error, path);
  }
}
