import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDemoCatalog } from '#services/demo-catalog.ts';
import { appLayout } from '#services/app-layout.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();
const fixture = fileURLToPath(new URL('../fixtures/mini-catalog.json', import.meta.url));
const shippedCatalog = appLayout(fileURLToPath(new URL('../../../../', import.meta.url))).demoCatalogPath;
const quietLogger = { warn: () => undefined };

describe('demo catalog', () => {
  it('returns the station and services of a valid catalog', async () => {
    const result = await createDemoCatalog({ catalogPath: fixture, logger: quietLogger }).load();
    const file = JSON.parse(await readFile(fixture, 'utf8')) as { station: { id: string }; services: { id: string }[] };

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.station.id).toBe(file.station.id);
    expect(result.value.services.map((s) => s.id)).toEqual(file.services.map((s) => s.id));
  });

  it('answers catalog_invalid listing what is wrong, naming the service', async () => {
    const file = JSON.parse(await readFile(fixture, 'utf8')) as { services: Record<string, unknown>[] };
    const broken = file.services[0]!;
    delete broken.name;
    broken.colour = 'red';
    const catalogPath = join(await tempDir(), 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(file));

    const result = await createDemoCatalog({ catalogPath, logger: quietLogger }).load();

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('catalog_invalid');
    expect(result.error.message).toContain(`"${String(broken.id)}"`);
    expect(result.error.message).toContain('"name"');
    expect(result.error.message).toContain('"colour"');
  });

  it('answers catalog_invalid for a file that is not JSON', async () => {
    const catalogPath = join(await tempDir(), 'catalog.json');
    await writeFile(catalogPath, '{ "format": ');
    const result = await createDemoCatalog({ catalogPath, logger: quietLogger }).load();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'catalog_invalid', message: expect.stringMatching(/not valid JSON/) },
    });
  });

  it('answers catalog_missing when the file is not there', async () => {
    const catalogPath = join(await tempDir(), 'nowhere.json');
    const result = await createDemoCatalog({ catalogPath, logger: quietLogger }).load();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'catalog_missing', message: expect.stringContaining(catalogPath) },
    });
  });

  it.skipIf(!existsSync(shippedCatalog))('accepts the demo catalog shipped in assets/catalog', async () => {
    const result = await createDemoCatalog({ catalogPath: shippedCatalog, logger: quietLogger }).load();
    expect(result.ok ? 'valid' : result.error.message).toBe('valid');
  });
});
