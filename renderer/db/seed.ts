/** First start without a district server: fill the empty catalog from the shipped demo catalog. */
import type { Catalog } from '#protocol/catalog.ts';
import type { KioskDatabase } from './database.ts';

/** Seeds the catalog when it is empty. Returns how many services were written. */
export async function seedCatalogIfEmpty(db: KioskDatabase, load: () => Promise<Catalog>): Promise<number> {
  const existing = await db.services.count().exec();
  if (existing > 0) return 0;
  const catalog = await load();
  await db.stations.bulkUpsert([catalog.station]);
  const result = await db.services.bulkUpsert(catalog.services);
  if (result.error.length) throw new Error(`could not store ${result.error.length} catalog items`);
  return catalog.services.length;
}
