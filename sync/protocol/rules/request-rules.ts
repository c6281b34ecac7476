/**
 * Whether a pushed need or help request is a legal write. A need is left once and
 * never changed; a help request is opened by a kiosk and moved forward
 * (open → acknowledged → closed, or open → closed) by staff at a counter of the
 * station (station scope is checked before these rules; the role and the staff
 * member here).
 * Runtime-free.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { HelpRequestDoc, NeedDoc } from '#protocol/schemas.ts';
import type { StationFacts, Writer } from './context.ts';
import { refuse, type Refusal } from './refusals.ts';
import { mayWrite, type WriteAction } from './role-actions.ts';

export interface DocWrite<T> {
  stored: T | undefined;
  next: T;
  deleted: boolean;
  writer: Writer;
  station: StationFacts | null;
}

export function checkNeedWrite({ stored, next, deleted, writer }: DocWrite<NeedDoc>): Refusal | null {
  if (deleted) return refuse('deletion_forbidden', 'a need is never deleted');
  if (stored) return deepEqual(stored, next) ? null : refuse('need_immutable', 'a need, once left, is not changed');
  if (!mayWrite(writer.role, 'need.create'))
    return refuse('role_forbidden', `a ${writer.role} device does not take needs`);
  return null;
}

const HELP_STEPS: Record<HelpRequestDoc['status'], readonly HelpRequestDoc['status'][]> = {
  open: ['acknowledged', 'closed'],
  acknowledged: ['closed'],
  closed: [],
};

const HELP_IMMUTABLE = [
  'id',
  'stationId',
  'deviceId',
  'kioskNumber',
  'screen',
  'category',
  'serviceId',
  'lang',
  'createdAt',
] as const satisfies readonly (keyof HelpRequestDoc)[];

/** The help request as its kiosk opened it: open, not yet handled. */
export function openedHelpRequest(next: HelpRequestDoc): HelpRequestDoc {
  const { handledAt: _at, handledBy: _by, handledByName: _name, ...rest } = next;
  return { ...rest, status: 'open' };
}

export function checkHelpRequestWrite({
  stored,
  next,
  deleted,
  writer,
  station,
}: DocWrite<HelpRequestDoc>): Refusal | null {
  if (deleted) return refuse('deletion_forbidden', 'a help request is never deleted; close it instead');
  if (!stored) {
    if (!mayWrite(writer.role, 'helpRequest.create')) {
      return refuse('role_forbidden', `a ${writer.role} device does not open help requests`);
    }
    if (
      next.status !== 'open' ||
      next.handledAt !== undefined ||
      next.handledBy !== undefined ||
      next.handledByName !== undefined
    ) {
      return refuse('issue_malformed', 'a new help request is open and not yet handled');
    }
    // Staff walk to the kiosk the counter names, so the number must be this kiosk's own (its credential's slot).
    if (next.kioskNumber !== undefined && next.kioskNumber !== writer.issuingSlot + 1) {
      return refuse('issue_malformed', `this kiosk is number ${writer.issuingSlot + 1}, not ${next.kioskNumber}`);
    }
    return null;
  }
  for (const field of HELP_IMMUTABLE) {
    if (!deepEqual(stored[field], next[field]))
      return refuse('immutable_field', `a help request's ${field} cannot change`);
  }
  if (!HELP_STEPS[stored.status].includes(next.status)) {
    return refuse('illegal_transition', `a help request cannot go from ${stored.status} to ${next.status}`);
  }
  const action: WriteAction = next.status === 'closed' ? 'helpRequest.close' : 'helpRequest.acknowledge';
  if (!mayWrite(writer.role, action))
    return refuse('role_forbidden', `a ${writer.role} device does not handle help requests`);
  if (next.handledAt === undefined || next.handledBy === undefined) {
    return refuse('issue_malformed', 'a handled help request says when and by whom');
  }
  if (!station) return refuse('station_not_set_up', 'the district has no catalog for this station yet');
  if (!station.staffIds.has(next.handledBy)) {
    return refuse('staff_unknown', `"${next.handledBy}" is not a staff member of this station`);
  }
  // The kiosk tells the resident this name ("王芳 马上过来"), so it must be the helper's real one.
  if (next.handledByName !== undefined && next.handledByName !== station.staff.get(next.handledBy)?.name) {
    return refuse('state_mismatch', `"${next.handledByName}" is not the name of staff member "${next.handledBy}"`);
  }
  return null;
}
