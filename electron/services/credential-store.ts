/**
 * The device's district credential, kept apart from the settings in its own file
 * readable only by the app's user: it is the device's identity towards the
 * district, and a settings export or diagnostics bundle must never include it.
 */
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.ts';

export const CREDENTIAL_FILE_NAME = 'device-credential.json';

/** What enrolment gave this device. */
export interface DeviceCredential {
  districtUrl: string;
  deviceId: string;
  stationId: string;
  credential: string;
  enrolledAt: string;
}

export interface CredentialStore {
  get(): Promise<DeviceCredential | null>;
  save(credential: DeviceCredential): Promise<void>;
  clear(): Promise<void>;
}

function isCredential(data: unknown): data is DeviceCredential {
  const d = data as Record<string, unknown> | null;
  return (
    !!d &&
    ['districtUrl', 'deviceId', 'stationId', 'credential', 'enrolledAt'].every(
      (k) => typeof d[k] === 'string' && (d[k] as string).length > 0,
    )
  );
}

export function createCredentialStore({ dataDir }: { dataDir: string }): CredentialStore {
  const filePath = join(dataDir, CREDENTIAL_FILE_NAME);
  return {
    async get() {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const data: unknown = JSON.parse(text);
      if (!isCredential(data)) throw new Error(`${filePath} is not a valid device credential; enrol the device again`);
      return data;
    },
    async save(credential) {
      await mkdir(dataDir, { recursive: true });
      await writeFileAtomic(filePath, JSON.stringify(credential, null, 2) + '\n');
      await chmod(filePath, 0o600);
    },
    async clear() {
      await rm(filePath, { force: true });
    },
  };
}
