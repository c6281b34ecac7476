/**
 * Serves the device API over Electron IPC: one `ipcMain.handle` per channel, each
 * going through the shared `dispatch`. A call is answered only when it comes from
 * a frame showing the app's own origin.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, type ChannelName } from '#ipc/channel-names.ts';
import type { DeviceResult } from '#ipc/contract.ts';
import type { Handlers } from '#ipc/handlers.ts';
import { dispatch } from '#ipc/validate.ts';
import { isTrustedSender } from '#security/url-policy.ts';
import type { Logger } from '#services/logger.ts';

type IpcLogger = Pick<Logger, 'warn' | 'error'>;

/** Answers one invoke: sender check, then the shared dispatch. */
export function handleInvoke(
  handlers: Handlers,
  channel: ChannelName,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  payload: unknown,
  logger: IpcLogger,
): Promise<DeviceResult<unknown>> {
  const frameUrl = event.senderFrame?.url;
  if (!isTrustedSender(frameUrl)) {
    logger.warn('refused an IPC call from outside the app', { channel, frameUrl });
    return Promise.resolve({
      ok: false,
      error: { code: 'forbidden', message: 'Only the kiosk app may use the device API.' },
    });
  }
  return dispatch(handlers, channel, payload, logger);
}

/** Registers a handler for every channel of the contract. */
export function installIpc({
  ipcMain,
  handlers,
  logger,
}: {
  ipcMain: Pick<IpcMain, 'handle'>;
  handlers: Handlers;
  logger: IpcLogger;
}): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => handleInvoke(handlers, channel, event, payload, logger));
  }
}
