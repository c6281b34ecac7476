/**
 * Per-device write volume: bytes and documents pushed per window. A device over
 * its budget gets 429 with `Retry-After` (the seconds until its window ends)
 * before its body is read; the push that crosses the budget still lands, so no
 * write already received is refused.
 *
 * Hand-written, because @fastify/rate-limit (used for enrolment) counts requests,
 * and a request here may carry one document or 500: the volume is what costs every
 * device of the station a download. Counts are per server instance.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '#server/errors.ts';
import { deviceOf } from './auth.ts';
import { retryAfterSeconds, type ServerLimits } from './limits.ts';

interface Window {
  startedAt: number;
  bytes: number;
  documents: number;
}

type WriteLimits = Pick<ServerLimits, 'pushBytesPerWindow' | 'pushDocumentsPerWindow' | 'writeWindowMs'>;

/** The budget keeper: `overBudget` before a push is read, `charge` once its size is known. */
export class WriteBudget {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: WriteLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private current(deviceId: string): Window {
    const now = this.now();
    let window = this.windows.get(deviceId);
    if (!window || now - window.startedAt >= this.limits.writeWindowMs) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { startedAt: now, bytes: 0, documents: 0 };
      this.windows.set(deviceId, window);
    }
    return window;
  }

  /** Milliseconds until `deviceId` may push again, or 0 when it may push now. */
  overBudget(deviceId: string): number {
    const window = this.current(deviceId);
    const spent =
      window.bytes >= this.limits.pushBytesPerWindow || window.documents >= this.limits.pushDocumentsPerWindow;
    return spent ? window.startedAt + this.limits.writeWindowMs - this.now() : 0;
  }

  charge(deviceId: string, bytes: number, documents: number): void {
    const window = this.current(deviceId);
    window.bytes += bytes;
    window.documents += documents;
  }

  /** Forgets finished windows, so a district's memory does not grow with every device it ever saw. */
  private sweep(now: number): void {
    for (const [id, window] of this.windows)
      if (now - window.startedAt >= this.limits.writeWindowMs) this.windows.delete(id);
  }
}

function isPush(request: FastifyRequest): boolean {
  return request.method === 'POST' && (request.routeOptions.url ?? '').endsWith('/push');
}

function bodyBytes(request: FastifyRequest): number {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > 0 ? declared : Buffer.byteLength(JSON.stringify(request.body ?? ''));
}

/** Adds the write limit to the push routes of `scope`; register it after device authentication. */
export function installWriteLimit(scope: FastifyInstance, budget: WriteBudget): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (!isPush(request)) return;
    const waitMs = budget.overBudget(deviceOf(request).id);
    if (waitMs > 0) {
      const seconds = retryAfterSeconds(waitMs);
      reply.header('retry-after', String(seconds));
      throw new DomainError(
        429,
        'write_rate_exceeded',
        `this device pushed more than the district takes per minute; push again in ${seconds} s`,
      );
    }
  });
  scope.addHook('preHandler', async (request) => {
    if (!isPush(request)) return;
    budget.charge(deviceOf(request).id, bodyBytes(request), Array.isArray(request.body) ? request.body.length : 0);
  });
}
