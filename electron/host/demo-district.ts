/**
 * Starts the embedded demo district for a device data folder, for the two ways the
 * kiosk is run from a checkout (`npm start` and `npm run start:browser`). A device
 * enrolled with a real district is left alone.
 */
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import {
  EMBEDDED_DISTRICT_PORT,
  startEmbeddedDistrict,
  wantsEmbeddedDistrict,
  type EmbeddedDistrictServer,
} from '#services/embedded-district.ts';
import { createLogger, logFilePath } from '#services/logger.ts';

export interface DemoDistrict {
  url: string;
  /** The demo station, which the folder's device is enrolled into. */
  stationId: string;
  /** The district's devices and enrolment codes, for the demo station with a hub (hub-demo.ts). */
  repo: Pick<EmbeddedDistrictServer['repo'], 'devices' | 'enrolment'>;
  close(): Promise<void>;
}

export async function startDemoDistrict({
  dataDir,
  demoCatalogPath,
  port = EMBEDDED_DISTRICT_PORT,
}: {
  dataDir: string;
  demoCatalogPath: string;
  /** The district's port; the folder's enrolment names it, so keep it the same across starts. */
  port?: number;
}): Promise<DemoDistrict | null> {
  const credentialStore = createCredentialStore({ dataDir });
  if (!(await wantsEmbeddedDistrict(credentialStore, port))) return null;
  const logger = createLogger({ filePath: logFilePath(dataDir), module: 'demo-district' });
  const configStore = createConfigStore({ dataDir, logger });
  const server = await startEmbeddedDistrict({ dataDir, demoCatalogPath, configStore, credentialStore, port });
  logger.info(`embedded district server for the demo station at ${server.url}`);
  // startEmbeddedDistrict enrolled the folder's device into the demo station.
  const enrolled = await credentialStore.get();
  if (!enrolled) {
    await server.close();
    throw new Error('the demo district did not enrol this device');
  }
  return { url: server.url, stationId: enrolled.stationId, repo: server.repo, close: () => server.close() };
}
