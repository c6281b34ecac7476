/**
 *   POST   /session  {username, password} → {operator, csrfToken}, sets the session cookie
 *   GET    /session  → {operator, csrfToken} of the current cookie, or 401
 *   DELETE /session  → 204, ends the session
 * A wrong password is refused and counted: the answer says how many tries are left
 * before the account locks for a while.
 */
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '#server/errors.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { clearSessionCookie, requireOperator, sessionToken, setSessionCookie } from './session.ts';

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

export const sessionRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  app.post<{ Body: { username: string; password: string } }>(
    '/session',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
          required: ['username', 'password'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const result = await repo.operators.signIn(username, request.body.password, request.ip);
      if (!result.ok) {
        await repo.audit.record({
          actor: username,
          action: 'sign_in_failed',
          targetType: 'operator',
          targetId: username,
          stationId: '',
          before: null,
          after: { ip: request.ip, reason: result.reason },
        });
        if (result.reason === 'wrong')
          throw new DomainError(401, 'sign_in_failed', 'wrong username or password', [
            `attemptsLeft=${result.attemptsLeft}`,
          ]);
        if (result.reason === 'locked')
          throw new DomainError(
            423,
            'sign_in_locked',
            `too many wrong passwords; try again in ${minutes(result.retryAfterMs)} minutes`,
            [`retryAfterMinutes=${minutes(result.retryAfterMs)}`],
          );
        reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
        throw new DomainError(
          429,
          'sign_in_throttled',
          'too many failed sign-ins from this address; wait and try again',
          [`retryAfterMinutes=${minutes(result.retryAfterMs)}`],
        );
      }
      setSessionCookie(reply, result.sessionToken);
      await repo.audit.record({
        actor: result.operator.username,
        action: 'sign_in',
        targetType: 'operator',
        targetId: result.operator.username,
        stationId: '',
        before: null,
        after: { ip: request.ip },
      });
      return { operator: result.operator, csrfToken: result.csrfToken };
    },
  );

  app.get('/session', async (request) => {
    const token = sessionToken(request);
    const session = token ? await repo.operators.session(token) : null;
    if (!session) throw new DomainError(401, 'session_missing', 'sign in to the console first');
    return session;
  });

  app.delete('/session', { onRequest: requireOperator(repo.operators) }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await repo.operators.signOut(token);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });
};
