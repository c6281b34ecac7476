/**
 * Starts this device's replication: through the station hub when setup gave it one
 * and the hub proves itself, else with the district directly (sync/client/station-endpoint.ts
 * picks and fails over). One place, so the kiosk's boot and the setup screens replicate alike.
 */
import type { DeviceConfig, SyncSession } from '#ipc/contract.ts';
import { startStationSync, type StationSync } from '#client/station-endpoint.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';
import { outbox } from '#renderer/db/outbox.ts';
import { refusedWrites } from '#renderer/db/refused-writes.ts';

export function startDeviceSync(
  db: KioskDatabase,
  config: DeviceConfig,
  session: SyncSession,
  appVersion: string,
): StationSync {
  return startStationSync({
    collections: db.collections,
    districtUrl: session.districtUrl,
    // Absent: the district only, exactly as before a station had a hub.
    ...(config.hubUrl && { hubUrl: config.hubUrl }),
    deviceId: config.deviceId,
    stationId: config.stationId,
    credential: session.credential,
    outbox,
    refusals: refusedWrites,
    appVersion,
  });
}
