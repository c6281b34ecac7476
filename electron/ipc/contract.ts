/**
 * The device API contract between the renderer and the device services, as the
 * renderer sees it: types only (derived from the schemas in channel-schemas.ts)
 * and the channel names, so importing it brings no schema code into a bundle.
 * Electron's preload implements it over IPC; the browser host implements it
 * over loopback HTTP. Both must satisfy `KioskPlatform`, so a missing method is
 * a compile error. Runtime-free: no Electron, Node or DOM imports here.
 */
import type { Static } from '@sinclair/typebox';
import type { ChannelName } from './channel-names.ts';
import type {
  ActivityReportSchema,
  AppInfoSchema,
  ClientDiagnosticsSchema,
  DeviceConfigSchema,
  DeviceDiagnosticsSchema,
  DeviceErrorSchema,
  DisplayInfoSchema,
  DistrictCheckSchema,
  FollowLinkSchema,
  EnrolChannelRequestSchema,
  LogEntrySchema,
  PinCheckSchema,
  PrintTicketRequestSchema,
  PrinterStatusInfoSchema,
  SetupStateSchema,
  SyncSessionSchema,
  Channels,
} from './channel-schemas.ts';

export { DEVICE_ROLES, type DeviceRole } from '#protocol/enrolment.ts';
export { CHANNEL_NAMES, type ChannelName } from './channel-names.ts';
export type { DeviceErrorCode } from './errors.ts';
export type { PrinterSetting } from './printer-config.ts';
export type { Channels } from './channel-schemas.ts';

export type DeviceConfig = Static<typeof DeviceConfigSchema>;
export type PrintTicketRequest = Static<typeof PrintTicketRequestSchema>;
export type AppInfo = Static<typeof AppInfoSchema>;
export type LogEntry = Static<typeof LogEntrySchema>;
export type LogLevel = LogEntry['level'];
export type ActivityReport = Static<typeof ActivityReportSchema>;
export type SyncSession = Static<typeof SyncSessionSchema>;
/** A failure the renderer can show to the person who can act on it; `code` is one of DEVICE_ERROR_CODES. */
export type DeviceError = Static<typeof DeviceErrorSchema>;
export type PrinterStatusInfo = Static<typeof PrinterStatusInfoSchema>;
export type SetupState = Static<typeof SetupStateSchema>;
export type EnrolChannelRequest = Static<typeof EnrolChannelRequestSchema>;
export type PinCheck = Static<typeof PinCheckSchema>;
export type DisplayInfo = Static<typeof DisplayInfoSchema>;
export type DeviceDiagnostics = Static<typeof DeviceDiagnosticsSchema>;
export type DistrictCheck = Static<typeof DistrictCheckSchema>;
export type ClientDiagnostics = Static<typeof ClientDiagnosticsSchema>;
/** A ticket's phone link with its QR symbol, or null while the device has no follow key. */
export type FollowLink = Static<typeof FollowLinkSchema>;

/** Every answer of the device API: the channel's response, or an error with a closed code. */
export type DeviceResult<T> = { ok: true; value: T } | { ok: false; error: DeviceError };

/** The one typed object the renderer uses to reach the device (`window.kiosk` in Electron). */
export type KioskPlatform = {
  invoke<C extends ChannelName>(
    channel: C,
    request: Channels[C]['request'],
  ): Promise<DeviceResult<Channels[C]['response']>>;
};
