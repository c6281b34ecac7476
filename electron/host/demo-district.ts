/**
 * Starts the embedded demo district for a device data folder, for the two ways the
 * kiosk is run from a checkout (`npm start` and `npm run start:browser`). A device
 * enrolled with a real district is left alone.
 */
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import { startEmbeddedDistrict, wantsEmbeddedDistrict } from '#services/embedded-district.ts';
import { createLogger, logFilePath } from '#services/logger.ts';

export interface DemoDistrict {
  url: string;
  close(): Promise<void>;
}

export async function startDemoDistrict({
  dataDir,
  demoCatalogPath,
}: {
  dataDir: string;
  demoCatalogPath: string;
}): Promise<DemoDistrict | null> {
  const credentialStore = createCredentialStore({ dataDir });
  if (!(await wantsEmbeddedDistrict(credentialStore))) return null;
  const logger = createLogger({ filePath: logFilePath(dataDir), module: 'demo-district' });
  const configStore = createConfigStore({ dataDir, logger });
  const server = await startEmbeddedDistrict({ dataDir, demoCatalogPath, configStore, credentialStore });
  logger.info(`embedded district server for the demo station at ${server.url}`);
  return { url: server.url, close: () => server.close() };
}
