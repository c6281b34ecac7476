/**
 * Console sessions: an HttpOnly, SameSite=Strict cookie scoped to /console names a
 * session row in the database. Every change (any method but GET/HEAD) must also
 * carry that session's CSRF token in a header: the synchronizer-token pattern.
 * The token lives with the session on the server, so there is no second cookie to
 * keep in step, and a page on another origin can neither read the token nor, with
 * SameSite=Strict, even send the cookie.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { CONSOLE_PREFIX } from '#protocol/api.ts';
import { secretsEqual } from '#server/credentials.ts';
import { DomainError } from '#server/errors.ts';
import { SESSION_MAX_MS, type OperatorRepository } from '#server/repositories/operators.ts';
import type { Operator } from '#protocol/operator-roles.ts';

export const SESSION_COOKIE = 'doorstep_console';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in operator of a console request. */
    operator: Operator | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: CONSOLE_PREFIX,
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the operator reached us over HTTPS (directly or via a proxy that says so).
    secure: 'auto',
    maxAge: SESSION_MAX_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: CONSOLE_PREFIX });
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/** onRequest hook: a valid session for every request, a valid CSRF token for every change. */
export function requireOperator(operators: OperatorRepository): onRequestAsyncHookHandler {
  return async (request) => {
    const token = sessionToken(request);
    const session = token ? await operators.session(token) : null;
    if (!session) throw new DomainError(401, 'session_missing', 'sign in to the console first');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !secretsEqual(sent, session.csrfToken))
        throw new DomainError(403, 'csrf_invalid', 'reload the console page and try again');
    }
    request.operator = session.operator;
  };
}

export function operatorOf(request: FastifyRequest): Operator {
  if (!request.operator) throw new Error('operatorOf() used on a route without a console session');
  return request.operator;
}
