/**
 * The zero-setup demo: a district server embedded in the kiosk process (PGlite in
 * the device's data folder), holding the demo station and catalog, with this
 * device enrolled into it — so `npm start` shows the whole system with no setup.
 * A real station points at the district's own server instead (enrolment).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCatalogText } from '#protocol/catalog.ts';
import { startDistrictServer, type DistrictServer } from '#server/server.ts';
import { silentLogger, type Logger as ServerLogger } from '#server/logger.ts';
import type { ConfigStore } from './config-store.ts';
import type { CredentialStore } from './credential-store.ts';
import { enrolDevice } from './enrolment.ts';

/** Fixed, so the device's enrolment (which names the server's address) stays valid across restarts. */
export const EMBEDDED_DISTRICT_PORT = 5190;

/**
 * Issuing slots of the demo station. The demo kiosk holds slot 0; the others are free so
 * a user can enrol a counter (or a second kiosk) into the demo. With one slot, as before,
 * every other issuing device was refused (`issuing_slot_taken`, or `issuing_slots_mismatch`
 * for a code with another slot count): the demo could not add a counter.
 */
export const DEMO_ISSUING_SLOTS = 4;

/** The embedded district as its starter returns it; the demo host reads its repository. */
export type EmbeddedDistrictServer = DistrictServer;

export interface EmbeddedDistrictOptions {
  dataDir: string;
  demoCatalogPath: string;
  configStore: ConfigStore;
  credentialStore: CredentialStore;
  port?: number;
  logger?: ServerLogger;
}

async function adminToken(dir: string): Promise<string> {
  const file = join(dir, 'admin-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const token = randomBytes(24).toString('base64url');
    await writeFile(file, token + '\n', { mode: 0o600 });
    return token;
  }
}

/** Starts the embedded district, seeds the demo station once, and enrols this device into it. */
export async function startEmbeddedDistrict(opts: EmbeddedDistrictOptions): Promise<DistrictServer> {
  const dir = join(opts.dataDir, 'district');
  await mkdir(dir, { recursive: true });
  const server = await startDistrictServer({
    port: opts.port ?? EMBEDDED_DISTRICT_PORT,
    host: '127.0.0.1',
    dataDir: join(dir, 'pglite'),
    adminToken: await adminToken(dir),
    logger: opts.logger ?? silentLogger(),
  });
  try {
    const parsed = parseCatalogText(await readFile(opts.demoCatalogPath, 'utf8'));
    if (!parsed.ok) throw new Error(`demo catalog: ${parsed.errors.join('; ')}`);
    const stationId = parsed.value.station.id;
    const stations = await server.repo.stations.list();
    if (!stations.some((s) => s.id === stationId)) {
      await server.repo.stations.create({ id: stationId, name: parsed.value.station.name['zh-Hans'] });
      await server.repo.catalog.import(parsed.value);
    }
    const saved = await opts.credentialStore.get();
    const config = await opts.configStore.get();
    // A folder enrolled before the demo had free slots is enrolled again, so counters can join.
    if (saved?.districtUrl !== server.url || config.issuingSlots !== DEMO_ISSUING_SLOTS) {
      // This device takes slot 0 of the demo station: it replaces any earlier demo enrolment
      // (of this or an older folder), and only that one — counters added to the demo stay.
      for (const device of await server.repo.devices.list({ stationId })) {
        const issuing = device.role !== 'display';
        if (!device.revokedAt && issuing && (device.issuingSlot === 0 || device.issuingSlots !== DEMO_ISSUING_SLOTS)) {
          await server.repo.devices.revoke(device.id);
        }
      }
      const { code } = await server.repo.enrolment.createCode({
        stationId,
        role: config.role,
        issuingSlot: 0,
        issuingSlots: DEMO_ISSUING_SLOTS,
        ttlMs: 60_000,
      });
      await enrolDevice(server.url, { code, deviceName: 'demo kiosk' }, opts);
    }
    return server;
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Whether this device should run the embedded demo district: yes unless it is
 * enrolled with a real district server elsewhere.
 */
export async function wantsEmbeddedDistrict(
  credentialStore: Pick<CredentialStore, 'get'>,
  port = EMBEDDED_DISTRICT_PORT,
): Promise<boolean> {
  const saved = await credentialStore.get();
  return !saved || saved.districtUrl === `http://127.0.0.1:${port}`;
}
