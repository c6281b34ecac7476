/** Enrolled devices: authentication by credential, listing, revocation. */
import { within, type Db } from '#server/db/db.ts';
import { sha256Hex } from '#server/credentials.ts';
import { DomainError } from '#server/errors.ts';
import { notify } from './events.ts';
import type { DeviceRepository } from './repository.ts';
import { DEVICE_COLUMNS, toDevice, type DeviceSql } from './rows.ts';

export function deviceRepository(db: Db, channel: string): DeviceRepository {
  return {
    async authenticate(credential) {
      const [row] = await db.query<DeviceSql>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = $1`, [
        sha256Hex(credential),
      ]);
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      // "Last seen" for the operator, to the minute: the condition keeps this from
      // writing the row on every request of a busy device.
      await db.query(
        `UPDATE devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
        [row.id],
      );
      return { ok: true, device: toDevice(row) };
    },
    async noteAppVersion(deviceId, version) {
      // Writes only when the version changed, so a busy device costs no row writes.
      await db.query('UPDATE devices SET app_version = $2 WHERE id = $1 AND app_version IS DISTINCT FROM $2', [
        deviceId,
        version,
      ]);
    },
    async noteStreaming(deviceIds) {
      if (!deviceIds.length) return;
      await db.query(
        `UPDATE devices SET last_seen_at = now() WHERE id = ANY($1::text[]) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
        [deviceIds],
      );
    },
    async list(filter = {}) {
      const rows = filter.stationId
        ? await db.query<DeviceSql>(
            `SELECT ${DEVICE_COLUMNS} FROM devices WHERE station_id = $1 ORDER BY enrolled_at, id`,
            [filter.stationId],
          )
        : await db.query<DeviceSql>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY station_id, enrolled_at, id`);
      return rows.map(toDevice);
    },
    revoke(deviceId, outer) {
      return within(db, outer, async (tx) => {
        const [row] = await tx.query<DeviceSql>(
          `UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${DEVICE_COLUMNS}`,
          [deviceId],
        );
        if (!row) throw new DomainError(404, 'device_unknown', `no device "${deviceId}"`);
        // Every instance closes the device's open streams when it hears this.
        await notify(tx, channel, { type: 'device_revoked', deviceId });
        return toDevice(row);
      });
    },
    // Nothing is remembered here; device-auth-cache.ts wraps this repository.
    forget() {},
  };
}
