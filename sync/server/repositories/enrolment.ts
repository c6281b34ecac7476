/**
 * One-time enrolment codes and their redemption into a device with a credential.
 *
 * Ticket numbers stay unique per station and day only if every issuing device has
 * its own slot out of the same slot count (see ticket-numbering.ts), so both
 * issuing a code and redeeming it check the station's active devices.
 */
import { randomUUID } from 'node:crypto';
import { ISSUING_ROLES, type DeviceRole } from '#protocol/enrolment.ts';
import { assertValidSlot, NumberingError } from '#protocol/ticket-numbering.ts';
import { within, type Db, type Queryable } from '#server/db/db.ts';
import { enrolmentCodeHash, newCredential, newEnrolmentCode, sha256Hex } from '#server/credentials.ts';
import { DomainError } from '#server/errors.ts';
import type { EnrolmentRepository } from './repository.ts';
import { toIso } from './rows.ts';

interface CodeSql {
  station_id: string;
  hub: boolean;
  role: DeviceRole;
  issuing_slot: number;
  issuing_slots: number;
  used: boolean;
  expired: boolean;
}

function assertSlot(issuingSlot: number, issuingSlots: number): void {
  try {
    assertValidSlot({ slot: issuingSlot, slots: issuingSlots });
  } catch (error) {
    if (error instanceof NumberingError) throw new DomainError(400, 'invalid_issuing_slot', error.message);
    throw error;
  }
}

async function assertStationExists(q: Queryable, stationId: string, lock: boolean): Promise<void> {
  // FOR UPDATE serialises redemptions per station, so the slot check below cannot race.
  const rows = await q.query(`SELECT id FROM stations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [stationId]);
  if (rows.length === 0) throw new DomainError(404, 'station_unknown', `no station "${stationId}"; create it first`);
}

async function assertSlotFree(
  q: Queryable,
  stationId: string,
  role: DeviceRole,
  slot: number,
  slots: number,
): Promise<void> {
  if (!ISSUING_ROLES.includes(role)) return;
  const holders = await q.query<{ id: string; issuing_slot: number; issuing_slots: number }>(
    `SELECT id, issuing_slot, issuing_slots FROM devices
     WHERE station_id = $1 AND revoked_at IS NULL AND role IN ('kiosk', 'counter') ORDER BY id`,
    [stationId],
  );
  const other = holders.find((d) => d.issuing_slots !== slots);
  if (other) {
    throw new DomainError(
      409,
      'issuing_slots_mismatch',
      `station "${stationId}" issues tickets in ${other.issuing_slots} slot(s) (device "${other.id}"), not ${slots}; ` +
        'use the same slot count, or revoke and re-enrol its devices',
    );
  }
  const holder = holders.find((d) => d.issuing_slot === slot);
  if (holder) {
    const used = new Set(holders.map((d) => d.issuing_slot));
    const free = Array.from({ length: slots }, (_, i) => i).filter((i) => !used.has(i));
    throw new DomainError(
      409,
      'issuing_slot_taken',
      `issuing slot ${slot} of station "${stationId}" is held by device "${holder.id}"; ` +
        (free.length ? `free slots: ${free.join(', ')}` : 'no slot is free: raise the slot count or revoke a device'),
    );
  }
}

/** A station has one hub at a time: its devices must know which one to trust (sync/README.md, "Station hub"). */
async function assertNoLiveHub(q: Queryable, stationId: string): Promise<void> {
  const [hub] = await q.query<{ id: string }>(
    'SELECT id FROM devices WHERE station_id = $1 AND hub AND revoked_at IS NULL',
    [stationId],
  );
  if (hub) {
    throw new DomainError(
      409,
      'station_hub_exists',
      `station "${stationId}" already has a hub (device "${hub.id}"); revoke it before enrolling another`,
    );
  }
}

export function enrolmentRepository(db: Db): EnrolmentRepository {
  return {
    createCode({ stationId, role, issuingSlot, issuingSlots, ttlMs, hub = false }, outer) {
      assertSlot(issuingSlot, issuingSlots);
      return within(db, outer, async (tx) => {
        await assertStationExists(tx, stationId, false);
        if (hub) await assertNoLiveHub(tx, stationId);
        else await assertSlotFree(tx, stationId, role, issuingSlot, issuingSlots);
        const code = newEnrolmentCode();
        const [row] = await tx.query<{ expires_at: unknown }>(
          `INSERT INTO enrolment_codes (code_hash, station_id, role, issuing_slot, issuing_slots, expires_at, hub)
           VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond', $7) RETURNING expires_at`,
          [enrolmentCodeHash(code), stationId, role, issuingSlot, issuingSlots, ttlMs, hub],
        );
        return { code, stationId, role, issuingSlot, issuingSlots, expiresAt: toIso(row?.expires_at) };
      });
    },

    redeem({ code, deviceName, role }) {
      return db.transaction(async (tx) => {
        const hash = enrolmentCodeHash(code);
        const [row] = await tx.query<CodeSql>(
          `SELECT station_id, role, issuing_slot, issuing_slots, hub, used_at IS NOT NULL AS used, expires_at <= now() AS expired
           FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE`,
          [hash],
        );
        if (!row)
          throw new DomainError(
            404,
            'enrolment_code_unknown',
            'this enrolment code is not known; check it for typing mistakes',
          );
        if (row.used)
          throw new DomainError(
            409,
            'enrolment_code_used',
            'this enrolment code was already used; ask the district for a new one',
          );
        if (row.expired)
          throw new DomainError(
            410,
            'enrolment_code_expired',
            'this enrolment code has expired; ask the district for a new one',
          );
        if (role !== undefined && role !== row.role) {
          throw new DomainError(409, 'enrolment_role_mismatch', `this code enrols a ${row.role} device, not a ${role}`);
        }
        await assertStationExists(tx, row.station_id, true);
        if (row.hub) await assertNoLiveHub(tx, row.station_id);
        else await assertSlotFree(tx, row.station_id, row.role, row.issuing_slot, row.issuing_slots);
        const deviceId = randomUUID();
        const credential = newCredential();
        await tx.query(
          `INSERT INTO devices (id, station_id, name, role, issuing_slot, issuing_slots, credential_hash, hub)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            deviceId,
            row.station_id,
            deviceName ?? '',
            row.role,
            row.issuing_slot,
            row.issuing_slots,
            sha256Hex(credential),
            row.hub,
          ],
        );
        await tx.query('UPDATE enrolment_codes SET used_at = now(), device_id = $2 WHERE code_hash = $1', [
          hash,
          deviceId,
        ]);
        return {
          deviceId,
          stationId: row.station_id,
          credential,
          issuingSlot: row.issuing_slot,
          issuingSlots: row.issuing_slots,
          role: row.role,
        };
      });
    },
  };
}
