/**
 *   POST   /stations/:id/staff {id, name}            → 201 {member, pin}  a new PIN, shown this once
 *   PUT    /stations/:id/staff/:staffId {name}       → {member}
 *   POST   /stations/:id/staff/:staffId/pin          → {member, pin}      reset: a new PIN, shown this once
 *   DELETE /stations/:id/staff/:staffId              → 204               disable: the counters stop accepting them
 * Staff live in the station document, so every change reaches the station's
 * counters through replication. A PIN is hashed here, the way a counter verifies
 * it offline (PBKDF2-SHA256, sync/client/staff-pin.ts), and never stored in clear.
 */
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { hashPin } from '#client/staff-pin.ts';
import type { StationDoc } from '#protocol/schemas.ts';
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

const publicMember = (m: Member) => ({ id: m.id, name: m.name });

const nameSchema = { type: 'string', minLength: 1, maxLength: 40 } as const;

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
    assertStorableText(doc, 'station');
    await repo.catalog.putStation(doc);
    const old = before.find((m) => m.id === staffId);
    const now = staff.find((m) => m.id === staffId);
    await repo.audit.record({
      actor: operator.username,
      action,
      targetType: 'staff',
      targetId: staffId,
      stationId: station.id,
      // PIN hashes stay out of the log; that a PIN changed is what matters.
      before: old ? publicMember(old) : null,
      after: now ? { ...publicMember(now), ...(action === 'staff_pin_reset' ? { pin: 'reset' } : {}) } : null,
    });
  };

  const find = (station: StationListItem, staffId: string) => {
    const member = station.doc?.staff?.find((m) => m.id === staffId);
    if (!member) throw new DomainError(404, 'staff_unknown', `no staff member "${staffId}" at station ${station.id}`);
    return member;
  };

  app.post<{ Params: { id: string }; Body: { id: string; name: string } }>(
    '/stations/:id/staff',
    {
      schema: {
        body: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' }, name: nameSchema },
          required: ['id', 'name'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const { id, name } = request.body;
      if (station.doc?.staff?.some((m) => m.id === id))
        throw new DomainError(409, 'invalid_request', `station ${station.id} already has a staff member "${id}"`);
      const pin = newPin();
      const member: Member = { id, name: name.trim(), pin: await hashPin(pin) };
      await change(operator, station, 'staff_added', id, (staff) => [...staff, member]);
      reply.code(201);
      return { member: publicMember(member), pin };
    },
  );

  app.put<{ Params: { id: string; staffId: string }; Body: { name: string } }>(
    '/stations/:id/staff/:staffId',
    {
      schema: {
        body: { type: 'object', properties: { name: nameSchema }, required: ['name'], additionalProperties: false },
      },
    },
    async (request) => {
      const operator = operatorOf(request);
      const station = await changeableStation(repo, operator, request.params.id);
      const member = { ...find(station, request.params.staffId), name: request.body.name.trim() };
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
