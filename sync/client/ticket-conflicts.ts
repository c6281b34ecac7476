/**
 * Deterministic merge for tickets edited on two devices before they saw each other's
 * change. The district's version is the base; the steps only this device made are
 * replayed on top of it through the lifecycle state machine, each one kept if it is
 * still legal from the state it now follows (a call after the other counter's call
 * is dropped; a cancel after a call still applies). So the merge is always "the
 * district's ticket plus legal steps": exactly what the district's rules
 * (sync/protocol/rules/ticket-rules.ts) accept, and a longer or forged history on
 * one side never wins by length. The rating is given once: the district's stands;
 * this device's is kept when the merged ticket is finished. Runtime-free, so it is
 * unit-tested in Node.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { applyTicketAction, canApply, contextOfEntry } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';

type Ticket = WithDeleted<TicketDoc>;

/** How many leading history entries both versions share. */
function sharedSteps(a: Ticket, b: Ticket): number {
  let n = 0;
  while (n < a.history.length && n < b.history.length && deepEqual(a.history[n], b.history[n])) n++;
  return n;
}

/** The merged ticket: the district's version plus this device's own steps that are still legal. */
export function mergeTickets(master: Ticket, local: Ticket): Ticket {
  let merged = master;
  for (const entry of local.history.slice(sharedSteps(master, local))) {
    if (entry.action === 'issue' || !canApply(merged.status, entry.action)) continue;
    const result = applyTicketAction(merged, entry.action, contextOfEntry(entry));
    if (result.ok) merged = result.value;
  }
  const rating = master.rating ?? (merged.status === 'done' ? local.rating : undefined);
  if (rating) return { ...merged, rating };
  if (!merged.rating) return merged;
  const { rating: _dropped, ...unrated } = merged;
  return unrated;
}

export const ticketConflictHandler: RxConflictHandler<TicketDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ realMasterState, newDocumentState }) => mergeTickets(realMasterState, newDocumentState),
};
