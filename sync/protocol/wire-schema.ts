/**
 * Turns an RxDB schema from sync/protocol into the plain JSON schema a document
 * must satisfy on the wire, so the server validates pushes against the very
 * schema the device's local database uses.
 */
import type { RxJsonSchema } from 'rxdb';

/** Top-level keys that only RxDB understands; a JSON-schema validator in strict mode rejects them. */
const RXDB_ONLY_KEYS = new Set([
  'primaryKey',
  'version',
  'indexes',
  'internalIndexes',
  'keyCompression',
  'encrypted',
  'attachments',
  'sharding',
  'crdt',
]);

/** A JSON schema object as ajv and Fastify take it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The RxDB schema without RxDB-only keys, plus `_deleted`. `additionalProperties:
 * false` stays, so `_rev`, `_meta`, `_attachments` and any unknown field are
 * rejected: RxDB's replication client strips those before pushing, so their
 * presence means a client that is not speaking this protocol.
 */
export function toWireSchema(schema: RxJsonSchema<unknown>): JsonSchema {
  const wire: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!RXDB_ONLY_KEYS.has(key)) wire[key] = value;
  }
  wire.properties = { ...(schema.properties as JsonSchema), _deleted: { type: 'boolean' } };
  return wire;
}

/** The stored form: the wire schema without `_deleted` (that lives in its own column). */
export function toStoredSchema(schema: RxJsonSchema<unknown>): JsonSchema {
  const wire = toWireSchema(schema);
  const { _deleted: _ignored, ...properties } = wire.properties as JsonSchema;
  return { ...wire, properties };
}
