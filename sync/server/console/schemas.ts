/** Request schemas the console's routes share. */

export interface PageQuery {
  q?: string;
  limit?: number;
  offset?: number;
}

export const pageQuerySchema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
} as const;
