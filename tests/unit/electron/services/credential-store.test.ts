/** The district credential on disk: readable only by the app's user, from the first byte on. */
import { watch } from 'node:fs';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_FILE_NAME, createCredentialStore } from '#services/credential-store.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();
const credential = {
  districtUrl: 'https://district.example',
  deviceId: 'd1',
  stationId: 's1',
  credential: 'dsk_secret',
  enrolledAt: '2026-12-01T00:00:00.000Z',
};
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('credential store', () => {
  it('creates the file 0600 in a 0700 folder, even when the folder existed with wider rights', async () => {
    const dataDir = join(await tempDir(), 'data');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const store = createCredentialStore({ dataDir });
    await store.save(credential);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, CREDENTIAL_FILE_NAME))).toBe(0o600);
    expect(await store.get()).toEqual(credential);
  });

  it('never lets a file in the folder be readable by others while it saves', async () => {
    const dataDir = await tempDir();
    const store = createCredentialStore({ dataDir });
    const seen: number[] = [];
    // Every file that appears during the save (the temporary one included) is looked at as it appears.
    const watcher = watch(dataDir, (_event, name) => {
      if (!name) return;
      stat(join(dataDir, name)).then(
        (s) => seen.push(s.mode & 0o777),
        () => undefined,
      );
    });
    try {
      for (let i = 0; i < 20; i++) await store.save({ ...credential, deviceId: `d${i}` });
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      watcher.close();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((mode) => (mode & 0o077) !== 0)).toEqual([]);
    expect(await readdir(dataDir)).toEqual([CREDENTIAL_FILE_NAME]);
  });
});
