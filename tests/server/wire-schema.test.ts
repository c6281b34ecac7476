/** The wire schema derived from the RxDB schema, and the text jsonb can store. */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ticketSchema } from '#protocol/schemas.ts';
import { findUnstorableText } from '#server/domain/text-safety.ts';
import { toWireSchema } from '#protocol/wire-schema.ts';

describe('toWireSchema', () => {
  const wire = toWireSchema(ticketSchema as never);

  it('drops RxDB-only keys so a strict validator compiles it, and allows _deleted', () => {
    for (const key of ['primaryKey', 'version', 'indexes']) expect(wire).not.toHaveProperty(key);
    expect(() => new Ajv({ strict: true }).compile(wire)).not.toThrow();
    expect((wire.properties as Record<string, unknown>)._deleted).toEqual({ type: 'boolean' });
    expect(wire.additionalProperties).toBe(false);
  });

  it('leaves the RxDB schema itself untouched', () => {
    expect(ticketSchema.primaryKey).toBe('id');
    expect(ticketSchema.properties).not.toHaveProperty('_deleted');
  });
});

describe('findUnstorableText', () => {
  it('finds NUL characters and lone surrogates in values and keys, and accepts the rest', () => {
    expect(findUnstorableText({ a: ['ok', '好 😀'], b: 1, c: null })).toBeNull();
    expect(findUnstorableText({ a: ['ok', 'x\u0000'] })).toBe('/a/1');
    expect(findUnstorableText({ deep: { s: '\udc00' } })).toBe('/deep/s');
    expect(findUnstorableText({ ['k\u0000']: 1 })).toBe('/k\u0000');
  });
});
