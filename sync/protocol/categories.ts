/** The seven categories of basic service, the same in every station, in display order. */
export const CATEGORY_IDS = ['party', 'government', 'life', 'legal', 'health', 'culture', 'community'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}
