/** Turns an uploaded or read catalog file into documents to store, or a 400 that lists every problem. */
import { parseCatalog, type Catalog } from '#protocol/catalog.ts';
import { DomainError } from './errors.ts';
import { assertStorableText } from './domain/text-safety.ts';

export function validateCatalogForImport(data: unknown): Catalog {
  const result = parseCatalog(data);
  if (!result.ok)
    throw new DomainError(400, 'invalid_catalog', `the catalog has ${result.errors.length} problem(s)`, result.errors);
  assertStorableText(result.value, 'catalog');
  return result.value;
}
