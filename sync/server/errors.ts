/**
 * Errors a person or device can act on. Thrown anywhere in the server, turned into
 * `{error: {code, message, details?}}` with this status by the central error handler.
 */
import type { ErrorCode } from '#protocol/api.ts';

export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
