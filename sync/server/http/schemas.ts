/** JSON schemas several routes share. */
import { ERROR_CODES } from '#protocol/api.ts';

/** `{error: {code, message, details?}}`, the body of every non-2xx response. */
export const errorBodySchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'string' } },
      },
      required: ['code', 'message'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
} as const;

/** Response schemas for every error status, to spread into a route's `response`. */
export const errorResponses = { '4xx': errorBodySchema, '5xx': errorBodySchema } as const;

/** A stored or wire document; its own schema was checked on the way in, so it is passed through whole. */
export const anyDocumentSchema = { type: 'object', additionalProperties: true } as const;

export const checkpointSchema = {
  type: 'object',
  properties: {
    lwt: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    id: { type: 'string', maxLength: 64 },
  },
  required: ['lwt', 'id'],
  additionalProperties: false,
} as const;

export const nullableCheckpointSchema = { oneOf: [{ type: 'null' }, checkpointSchema] } as const;
