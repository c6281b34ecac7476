/** Staff actions on tickets: every change goes through the lifecycle state machine and is marked for the district (local-writes.ts). */
import {
  applyTicketAction,
  type ActionContext,
  type LifecycleError,
  type TicketAction,
  type TicketStatus,
} from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from './database.ts';
import { modifyMarked } from './local-writes.ts';

/** Why an action was refused; `status` is the ticket's status as stored when it was refused. */
export interface ActionError {
  code: LifecycleError['code'] | 'not_found';
  /** For the log, in English; screens show a sentence chosen by `code`. */
  message: string;
  status?: TicketStatus;
}

export type ActionResult = { ok: true; ticket: TicketDoc } | { ok: false; error: ActionError };

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
  let failure: ActionError | null = null;
  const updated = await modifyMarked(db, 'tickets', ticketId, (current) => {
    const result = applyTicketAction(current, action, ctx);
    failure = result.ok ? null : { ...result.error, status: current.status };
    return result.ok ? result.value : current;
  });
  if (!updated) return { ok: false, error: { code: 'not_found', message: `ticket ${ticketId} is not on this device` } };
  if (failure) return { ok: false, error: failure };
  return { ok: true, ticket: updated };
}

/** Stores a resident's rating on a finished ticket. */
export async function rateTicket(
  db: KioskDatabase,
  ticketId: string,
  rating: NonNullable<TicketDoc['rating']>,
): Promise<void> {
  const updated = await modifyMarked(db, 'tickets', ticketId, (current) => ({ ...current, rating }));
  if (!updated) throw new Error(`ticket ${ticketId} is not on this device`);
}

/** Marks a resident's help request as being handled ("I'm going"), or closed, by a staff member (their id and name). */
export async function handleHelpRequest(
  db: KioskDatabase,
  id: string,
  status: 'acknowledged' | 'closed',
  by: { id: string; name: string },
): Promise<void> {
  await modifyMarked(db, 'helpRequests', id, (current) => ({
    ...current,
    status,
    handledAt: Date.now(),
    handledBy: by.id,
    // The kiosk names who is coming; kiosks do not receive the staff list, so the name travels with the request.
    handledByName: by.name,
  }));
}
