/**
 * PostgreSQL's jsonb cannot hold U+0000 or unpaired UTF-16 surrogates (both are
 * valid JSON and reach us through JSON.parse). Catching them up front turns what
 * would be a database error (500) into a clear 400.
 */
import { DomainError } from '#server/errors.ts';

const UNSTORABLE = /\0|\p{Cs}/u;

/** Path of the first string or key that jsonb cannot store, or null when all are fine. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return `${path}/${key}`;
      const found = findUnstorableText(inner, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a 400 naming where `value` (described by `label`) holds text jsonb cannot store. */
export function assertStorableText(value: unknown, label: string): void {
  const bad = findUnstorableText(value);
  if (bad)
    throw new DomainError(400, 'invalid_text', `${label}${bad} contains a NUL character or a broken UTF-16 surrogate`);
}
