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
  /** The technician allowed plain http:// to this district (electron/security/transport-policy.ts). */
  allowInsecureHttp?: boolean;
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

/**
 * The station hub's credential (a second enrolment with a hub code, sync/README.md
 * "Station hub"), kept like the device's own and never exported either.
 */
export const HUB_CREDENTIAL_FILE_NAME = 'hub-credential.json';

export function createCredentialStore({
  dataDir,
  fileName = CREDENTIAL_FILE_NAME,
}: {
  dataDir: string;
  fileName?: string;
}): CredentialStore {
  const filePath = join(dataDir, fileName);
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
      // The folder too: only the app's user may list or open what is in it. mkdir's mode does
      // not apply to a folder that already exists, hence the chmod.
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      await chmod(dataDir, 0o700);
      // Created 0600 (umask can only take bits away), renamed into place with that mode.
      await writeFileAtomic(filePath, JSON.stringify(credential, null, 2) + '\n', { mode: 0o600 });
    },
    async clear() {
      await rm(filePath, { force: true });
    },
  };
}
