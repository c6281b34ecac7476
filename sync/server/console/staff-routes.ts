/**
 *   POST   /stations/:id/staff {id, name, counters?} → 201 {member, pin}  a new PIN, shown this once
 *   PUT    /stations/:id/staff/:staffId {name, counters?} → {member}
 *   POST   /stations/:id/staff/:staffId/pin          → {member, pin}      reset: a new PIN, shown this once
 *   DELETE /stations/:id/staff/:staffId              → 204               disable: the counters stop accepting them
 * Staff live in the station document, so every change reaches the station's
 * counters through replication. A PIN is hashed here, the way a counter verifies
 * it offline (PBKDF2-SHA256, sync/client/staff-pin.ts), and never stored in clear.
 * `counters` are the counter ids a member may sign in at ([] or absent: every
 * counter); only counters the station has are accepted.
 */
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { hashPin } from '#client/staff-pin.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { stationIssues } from '#protocol/catalog.ts';
import { DomainError } from '#server/errors.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { StationListItem } from '#server/repositories/console-lists.ts';
import { changeableStation } from './scope.ts';
import { operatorOf } from './session.ts';
import type { Operator } from '#protocol/operator-roles.ts';

type Member = NonNullable<StationDoc['staff']>[number];

/** Six digits: the counters' PIN pad takes 4–8, six is a fair balance for an offline check. */
function newPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

const publicMember = (m: Member) => ({ id: m.id, name: m.name, ...(m.counters ? { counters: m.counters } : {}) });

const nameSchema = { type: 'string', minLength: 1, maxLength: 40 } as const;
const countersSchema = {
  type: 'array',
  maxItems: 50,
  uniqueItems: true,
  items: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,16}$' },
} as const;

/** The member with its counter list as sent: an empty list is stored as none (every counter). */
function withCounters(member: Member, counters: string[] | undefined): Member {
  if (counters === undefined) return member;
  const { counters: _old, ...rest } = member;
  return counters.length ? { ...rest, counters } : rest;
}

export const staffRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  /** Applies a change to the station's staff list, publishes it and logs it. */
  const change = async (
    operator: Operator,
    station: StationListItem,
    action: string,
    staffId: string,
    edit: (staff: Member[]) => Member[],
  ) => {
    if (!station.doc) throw new DomainError(409, 'station_unknown', 'set up the station (queues, counters) first');
    const before = station.doc.staff ?? [];
    const staff = edit([...before]);
    const doc: StationDoc = { ...station.doc, staff };
    if (staff.length === 0) delete doc.staff;
    // The same checks as any station document: here, that each member's counters are the station's.
    const issues = stationIssues(doc);
    if (issues.length)
      throw new DomainError(
        400,
        'invalid_request',
        issues.map((i) => i.message).join('; '),
        issues.map((i) => `${i.path}: ${i.message}`),
      );
    assertStorableText(doc, 'station');
    const old = before.find((m) => m.id === staffId);
    const now = staff.find((m) => m.id === staffId);
    await repo.audited(
      (tx) => repo.catalog.putStation(doc, tx),
      () => ({
        actor: operator.username,
        action,
        targetType: 'staff',
        targetId: staffId,
        stationId: station.id,
        // PIN hashes stay out of the log; that a PIN changed is what matters.
        before: old ? publicMember(old) : null,
        after: now ? { ...publicMember(now), ...(action === 'staff_pin_reset' ? { pin: 'reset' } : {}) } : null,
      }),
    );
  };

  const find = (station: StationListItem, staffId: string) => {
    const member = station.doc?.staff?.find((m) => m.id === staffId);
    if (!member) throw new DomainError(404, 'staff_unknown', `no staff member "${staffId}" at station ${station.id}`);
    return member;
  };

  app.post<{ Params: { id: string }; Body: { id: string; name: string; counters?: string[] } }>(
    '/stations/:id/staff',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
            name: nameSchema,
            counters: countersSchema,
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const { id, name, counters } = request.body;
      if (station.doc?.staff?.some((m) => m.id === id))
        throw new DomainError(409, 'invalid_request', `station ${station.id} already has a staff member "${id}"`);
      const pin = newPin();
      const member = withCounters({ id, name: name.trim(), pin: await hashPin(pin) }, counters);
      await change(operator, station, 'staff_added', id, (staff) => [...staff, member]);
      reply.code(201);
      return { member: publicMember(member), pin };
    },
  );

  app.put<{ Params: { id: string; staffId: string }; Body: { name: string; counters?: string[] } }>(
    '/stations/:id/staff/:staffId',
    {
      schema: {
        body: {
          type: 'object',
          properties: { name: nameSchema, counters: countersSchema },
          required: ['name'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const member = withCounters(
        { ...find(station, request.params.staffId), name: request.body.name.trim() },
        request.body.counters,
      );
      await change(operator, station, 'staff_updated', member.id, (staff) =>
        staff.map((m) => (m.id === member.id ? member : m)),
      );
      return { member: publicMember(member) };
    },
  );

  app.post<{ Params: { id: string; staffId: string } }>('/stations/:id/staff/:staffId/pin', async (request) => {
    const operator = operatorOf(request);
    const station = await changeableStation(repo, operator, request.params.id);
    const pin = newPin();
    const member = { ...find(station, request.params.staffId), pin: await hashPin(pin) };
    await change(operator, station, 'staff_pin_reset', member.id, (staff) =>
      staff.map((m) => (m.id === member.id ? member : m)),
    );
    return { member: publicMember(member), pin };
  });

  app.delete<{ Params: { id: string; staffId: string } }>('/stations/:id/staff/:staffId', async (request, reply) => {
    const operator = operatorOf(request);
    const station = await changeableStation(repo, operator, request.params.id);
    const member = find(station, request.params.staffId);
    await change(operator, station, 'staff_disabled', member.id, (staff) => staff.filter((m) => m.id !== member.id));
    return reply.code(204).send();
  });
};
