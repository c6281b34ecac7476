/**
 * The demo catalog shipped in assets/catalog: lets a device that is not yet
 * enrolled show real-looking services. Read on every request (it is small), so a
 * technician who fixes the file does not need to restart the kiosk.
 */
import { readFile } from 'node:fs/promises';
import { parseCatalogText, type Catalog } from '#protocol/catalog.ts';
import type { DeviceResult } from '#ipc/contract.ts';
import type { Logger } from './logger.ts';

/** A long error list is cut here; the first problems are enough to start fixing. */
const MAX_LISTED_ERRORS = 20;

/** Loads and validates the demo catalog. */
export interface DemoCatalog {
  load(): Promise<DeviceResult<Catalog>>;
}

export interface DemoCatalogDeps {
  catalogPath: string;
  logger: Pick<Logger, 'warn'>;
}

/** Creates the demo catalog source for a catalog file. */
export function createDemoCatalog({ catalogPath, logger }: DemoCatalogDeps): DemoCatalog {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(catalogPath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        logger.warn('demo catalog file is missing', { catalogPath });
        return {
          ok: false,
          error: { code: 'catalog_missing', message: `The demo catalog file is missing: ${catalogPath}` },
        };
      }
      const result = parseCatalogText(text);
      if (result.ok) return result;
      const listed = result.errors.slice(0, MAX_LISTED_ERRORS).map((e) => `- ${e}`);
      if (result.errors.length > MAX_LISTED_ERRORS)
        listed.push(`- … and ${result.errors.length - MAX_LISTED_ERRORS} more`);
      const message = `The demo catalog ${catalogPath} is invalid:\n${listed.join('\n')}`;
      logger.warn('demo catalog is invalid', { catalogPath, errors: result.errors });
      return { ok: false, error: { code: 'catalog_invalid', message } };
    },
  };
}
