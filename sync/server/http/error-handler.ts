/**
 * The central error handler: every failure becomes `{error: {code, message, details?}}`.
 * 4xx answers say what was wrong and how to fix it; 5xx answers never carry
 * internals (they are logged with the request id instead).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorCode } from '#protocol/api.ts';
import { DomainError } from '#server/errors.ts';

const MAX_DETAILS = 20;

/** Fastify's own client errors, by their code. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

export function errorBody(code: ErrorCode, message: string, details?: string[]): ErrorBody {
  return { error: details?.length ? { code, message, details: details.slice(0, MAX_DETAILS) } : { code, message } };
}

function validationDetails(error: FastifyError): string[] {
  return (error.validation ?? []).map((v) => {
    const extra = v.params.additionalProperty === undefined ? '' : ` "${String(v.params.additionalProperty)}"`;
    return `${error.validationContext ?? 'request'}${v.instancePath} ${v.message ?? 'is invalid'}${extra}`;
  });
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return send(reply, error.statusCode, errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = validationDetails(error);
      return send(reply, 400, errorBody('invalid_request', details[0] ?? error.message, details));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code ? FASTIFY_CODES[error.code] : undefined) ?? 'bad_request';
      return send(reply, status, errorBody(code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return send(
      reply,
      status >= 500 && status < 600 ? status : 500,
      errorBody('internal_error', `the server failed to handle this request; it has been logged as ${request.id}`),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    send(reply, 404, errorBody('not_found', `there is no ${request.method} ${request.url.split('?')[0]}`));
  });
}
