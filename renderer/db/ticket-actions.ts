/** Staff actions on tickets: every change goes through the lifecycle state machine and is queued for the district. */
import {
  applyTicketAction,
  type ActionContext,
  type LifecycleError,
  type TicketAction,
} from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from './database.ts';
import { outbox } from './outbox.ts';

export type ActionResult =
  { ok: true; ticket: TicketDoc } | { ok: false; error: LifecycleError | { code: 'not_found'; message: string } };

/**
 * Applies one action to the stored ticket. The check runs against the ticket as
 * stored at write time, so two quick taps (or a change that just arrived by sync)
 * cannot apply an action the current status does not allow.
 */
export async function actOnTicket(
  db: KioskDatabase,
  ticketId: string,
  action: Exclude<TicketAction, 'issue'>,
  ctx: ActionContext,
): Promise<ActionResult> {
  const doc = await db.tickets.findOne(ticketId).exec();
  if (!doc) return { ok: false, error: { code: 'not_found', message: `ticket ${ticketId} is not on this device` } };
  let failure: LifecycleError | null = null;
  const updated = await doc.incrementalModify((current) => {
    const result = applyTicketAction(current, action, ctx);
    if (!result.ok) {
      failure = result.error;
      return current;
    }
    failure = null;
    return result.value;
  });
  if (failure) return { ok: false, error: failure };
  outbox.add('tickets', ticketId);
  return { ok: true, ticket: updated.toJSON() as TicketDoc };
}

/** Stores a resident's rating on a finished ticket. */
export async function rateTicket(
  db: KioskDatabase,
  ticketId: string,
  rating: NonNullable<TicketDoc['rating']>,
): Promise<void> {
  const doc = await db.tickets.findOne(ticketId).exec();
  if (!doc) throw new Error(`ticket ${ticketId} is not on this device`);
  await doc.incrementalPatch({ rating });
  outbox.add('tickets', ticketId);
}

/** Marks a resident's help request as being handled, or closed. */
export async function handleHelpRequest(
  db: KioskDatabase,
  id: string,
  status: 'acknowledged' | 'closed',
  by: string,
): Promise<void> {
  const doc = await db.helpRequests.findOne(id).exec();
  if (!doc) return;
  await doc.incrementalPatch({ status, handledAt: Date.now(), handledBy: by });
  outbox.add('helpRequests', id);
}
