import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAME, ConfigError, createConfigStore } from '#services/config-store.ts';
import { createLogger } from '#services/logger.ts';
import { collectingSink, useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();

function storeIn(dataDir: string) {
  const stderr = collectingSink();
  const logger = createLogger({ filePath: join(dataDir, 'logs', 'kiosk.log'), module: 'config-store', stderr });
  return { store: createConfigStore({ dataDir, logger }), stderr };
}

async function corruptCopies(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).filter((name) => name.startsWith(`${CONFIG_FILE_NAME}.corrupt-`));
}

describe('config store', () => {
  it('starts a new device as a demo kiosk in Simplified Chinese and writes that to disk', async () => {
    const dataDir = await tempDir();
    const { store } = storeIn(dataDir);

    const config = await store.get();

    expect(config).toMatchObject({
      stationId: 'pudong-demo',
      role: 'kiosk',
      issuingSlot: 0,
      issuingSlots: 1,
      districtUrl: null,
      defaultLang: 'zh-Hans',
      idleSeconds: 90,
      idleWarningSeconds: 30,
    });
    expect(config.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8'))).toEqual(config);
  });

  it('gives two devices different ids', async () => {
    const a = await storeIn(await tempDir()).store.get();
    const b = await storeIn(await tempDir()).store.get();
    expect(a.deviceId).not.toBe(b.deviceId);
  });

  it('keeps the device id and changed settings across a restart', async () => {
    const dataDir = await tempDir();
    const first = storeIn(dataDir).store;
    const original = await first.get();
    await first.update({ idleSeconds: 120, districtUrl: 'https://district.example/sync' });

    const afterRestart = await storeIn(dataDir).store.get();

    expect(afterRestart).toEqual({ ...original, idleSeconds: 120, districtUrl: 'https://district.example/sync' });
  });

  it('keeps both of two concurrent updates', async () => {
    const { store } = storeIn(await tempDir());
    await Promise.all([store.update({ idleSeconds: 200 }), store.update({ idleWarningSeconds: 45 })]);
    expect(await store.get()).toMatchObject({ idleSeconds: 200, idleWarningSeconds: 45 });
  });

  it('leaves no temporary files behind after writing', async () => {
    const dataDir = await tempDir();
    const { store } = storeIn(dataDir);
    await store.get();
    await store.update({ role: 'counter' });
    expect((await readdir(dataDir)).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('keeps a corrupt file aside, starts from defaults and logs why', async () => {
    const dataDir = await tempDir();
    const broken = '{"deviceId": "abc", "stationId": ';
    await writeFile(join(dataDir, CONFIG_FILE_NAME), broken);
    const { store, stderr } = storeIn(dataDir);

    const config = await store.get();

    const kept = await corruptCopies(dataDir);
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dataDir, kept[0]!), 'utf8')).toBe(broken);
    expect(config.deviceId).not.toBe('abc');
    expect(JSON.parse(await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8'))).toEqual(config);
    expect(store.lastRecovery()?.problems.join(' ')).toMatch(/not valid JSON/);
    expect(stderr.text()).toMatch(/WARN config-store: .*not valid JSON/);
    const logLines = (await readFile(join(dataDir, 'logs', 'kiosk.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string });
    expect(logLines.some((line) => line.level === 'warn' && line.message.includes(kept[0]!))).toBe(true);
  });

  it('names the invalid field of a readable but wrong file, and keeps the file', async () => {
    const dataDir = await tempDir();
    const original = await storeIn(dataDir).store.get();
    const edited = JSON.stringify({ ...original, issuingSlot: 3 });
    await writeFile(join(dataDir, CONFIG_FILE_NAME), edited);
    const { store } = storeIn(dataDir);

    const config = await store.get();

    expect(config.issuingSlot).toBe(0);
    expect(store.lastRecovery()?.problems).toEqual([expect.stringMatching(/^issuingSlot\b/)]);
    const kept = await corruptCopies(dataDir);
    expect(await readFile(join(dataDir, kept[0]!), 'utf8')).toBe(edited);
  });

  it('refuses an update that would make the config invalid and keeps the file as it was', async () => {
    const dataDir = await tempDir();
    const { store } = storeIn(dataDir);
    await store.get();
    const before = await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8');

    const update = store.update({ defaultLang: 'fr' as never });

    await expect(update).rejects.toBeInstanceOf(ConfigError);
    await expect(update).rejects.toThrow(/defaultLang/);
    expect(await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8')).toBe(before);
    // A failed update does not block later ones.
    await expect(store.update({ idleSeconds: 60 })).resolves.toMatchObject({ idleSeconds: 60 });
  });

  it('refuses a hub address with a path and keeps the enrolled settings as they were', async () => {
    const dataDir = await tempDir();
    const { store } = storeIn(dataDir);
    await store.update({ districtUrl: 'https://district.example', stationId: 'st-1' });
    const before = await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8');

    const update = store.update({ hubUrl: 'http://192.168.1.20:8788/replication' });

    await expect(update).rejects.toThrow(/hubUrl must be null or an http\(s\) address/);
    expect(await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8')).toBe(before);
    await expect(store.update({ hubUrl: 'http://192.168.1.20:8788' })).resolves.toMatchObject({
      stationId: 'st-1',
      hubUrl: 'http://192.168.1.20:8788',
    });
  });
});
