/**
 * A real station hub on 127.0.0.1 (its own in-memory PGlite) for a station of a
 * live district, enrolled with a hub code through the district's admin API, as a
 * technician would. Its uplink may go through a fault proxy (the district URL it is given).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENROL_PATH } from '#protocol/api.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { startHub, type StationHub } from '#server/hub/hub-server.ts';
import { silentLogger } from '#server/logger.ts';
import { pgliteTemplate } from './drivers.ts';
import type { LiveDistrict } from './live-district.ts';

/** Enrols the station's hub at the district (admin API, hub code). */
export async function enrolHub(district: LiveDistrict, stationId: string): Promise<EnrolResponse> {
  const { code } = await district.admin<{ code: string }>('POST', `/stations/${stationId}/enrolment-codes`, {
    hub: true,
  });
  const res = await fetch(`${district.url}${ENROL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'hub' }),
  });
  if (!res.ok) throw new Error(`enrol hub: ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrolResponse;
}

export async function startLiveHub(
  enrolment: EnrolResponse,
  uplinkUrl: string,
  options: { port?: number; dataDir?: string } = {},
): Promise<StationHub> {
  // A fresh PGlite starts from the migrated template (initdb costs seconds on a loaded machine).
  const fresh = !options.dataDir || !existsSync(join(options.dataDir, 'PG_VERSION'));
  return startHub({
    districtUrl: uplinkUrl,
    credential: enrolment.credential,
    port: options.port ?? 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    pgliteTemplate: fresh ? await pgliteTemplate() : undefined,
    logger: silentLogger(),
    streamHeartbeatMs: 1000,
    // Short, so a test hears of a revocation quickly; figures for a real hub are the defaults.
    uplink: { devicesEveryMs: 300, pullEveryMs: 2000 },
  });
}

/** The district's tickets of a station as stored, in issue order. */
export async function districtTickets(district: LiveDistrict, stationId: string) {
  const rows = await district.server.repo.db.query<{ doc: Record<string, unknown> & { id: string } }>(
    `SELECT doc FROM tickets WHERE station_id = $1 ORDER BY doc->>'issuedAt', id`,
    [stationId],
  );
  return rows.map((r) => r.doc);
}
