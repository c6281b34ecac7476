/**
 * Deterministic merge for tickets edited on two devices before they saw each other's
 * change. A ticket only moves forward: every lifecycle step appends to `history`,
 * so the version with more steps is the later one; with as many steps, the status
 * further along the lifecycle wins; with both equal, the district's version wins.
 * A rating given on either side is kept. Runtime-free, so it is unit-tested in Node.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import type { TicketStatus } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';

const STATUS_RANK: Record<TicketStatus, number> = {
  waiting: 0,
  called: 1,
  serving: 2,
  done: 3,
  no_show: 3,
  cancelled: 3,
};

type Ticket = WithDeleted<TicketDoc>;

/** 1 when `a` is further along than `b`, -1 when behind, 0 when neither. */
function progress(a: Ticket, b: Ticket): number {
  return Math.sign(a.history.length - b.history.length) || Math.sign(STATUS_RANK[a.status] - STATUS_RANK[b.status]);
}

function laterRating(a: Ticket['rating'], b: Ticket['rating']): Ticket['rating'] {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

/** The merged ticket: the further-along version, keeping any rating. */
export function mergeTickets(master: Ticket, local: Ticket): Ticket {
  const winner = progress(local, master) > 0 ? local : master;
  const rating = laterRating(master.rating, local.rating);
  return rating ? { ...winner, rating } : winner;
}

export const ticketConflictHandler: RxConflictHandler<TicketDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ realMasterState, newDocumentState }) => mergeTickets(realMasterState, newDocumentState),
};
