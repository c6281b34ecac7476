/**
 * The ticket lifecycle as one pure state machine. Every screen (kiosk, counter,
 * display) changes a ticket through `applyTicketAction`, so the transitions live
 * in exactly one place. (The sync conflict merge, sync/client/ticket-conflicts.ts,
 * only compares two versions' statuses and histories; it applies no action.)
 *
 *   waiting ─call→ called ─start→ serving ─finish→ done
 *              called ─recall→ called (announced again)
 *              called ─no_show→ no_show       waiting|called ─cancel→ cancelled
 *   waiting|called|serving ─transfer→ waiting (same number, new queue/service/counter)
 *   no_show|cancelled ─reactivate→ waiting
 *   waiting ─upgrade→ waiting (into the priority lane)   waiting ─downgrade→ waiting (out of it)
 *
 * An upgrade or downgrade changes only `priority`, never the number or the issue
 * time: the lane decides who is called (call-order.ts), not anyone's number.
 */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  'issue',
  'call',
  'recall',
  'start',
  'finish',
  'no_show',
  'cancel',
  'transfer',
  'reactivate',
  'upgrade',
  'downgrade',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** How a ticket came to be: taken at the kiosk, or issued by staff for a walk-up, phone or assisted resident. */
export const TICKET_CHANNELS = ['kiosk', 'walk_up', 'phone', 'assisted'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Statuses from which each action may start, and where it leads. */
const TRANSITIONS: Record<Exclude<TicketAction, 'issue'>, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
  transfer: { from: ['waiting', 'called', 'serving'], to: 'waiting' },
  reactivate: { from: ['no_show', 'cancelled'], to: 'waiting' },
  upgrade: { from: ['waiting'], to: 'waiting' },
  downgrade: { from: ['waiting'], to: 'waiting' },
};

/** The priority an upgrade or downgrade leads to; each needs the other one before it. */
const PRIORITY_AFTER: Partial<Record<TicketAction, boolean>> = { upgrade: true, downgrade: false };

/** Statuses a ticket is finished in (nothing more happens unless reactivated). */
export const CLOSED_STATUSES: readonly TicketStatus[] = ['done', 'no_show', 'cancelled'];

export interface TicketHistoryEntry {
  action: TicketAction;
  at: number;
  by: string;
  from: TicketStatus;
  to: TicketStatus;
  counter?: string;
  queue?: string;
  serviceId?: string;
}

/** The fields of a ticket the state machine reads and writes. */
export interface LifecycleTicket {
  status: TicketStatus;
  queue: string;
  serviceId: string;
  callCount: number;
  history: TicketHistoryEntry[];
  /** In the priority lane (absent: not). */
  priority?: boolean;
  calledAt?: number;
  startedAt?: number;
  endedAt?: number;
  counter?: string;
  firstReceivedBy?: string;
  servedBy?: string;
}

export interface ActionContext {
  /** When it happened (device clock, for people to read; never orders sync). */
  at: number;
  /** Who did it: a staff id, or a device id for kiosk actions. */
  by: string;
  /** The counter acting (call/recall/start), or the target counter of a transfer. */
  counter?: string;
  /** Transfer target queue letter. */
  queue?: string;
  /** Transfer target service id. */
  serviceId?: string;
}

export type LifecycleResult<T> = { ok: true; value: T } | { ok: false; error: LifecycleError };

export interface LifecycleError {
  code: 'illegal_transition' | 'transfer_needs_target';
  message: string;
}

/** Whether `action` may be applied to a ticket in `status`. */
export function canApply(status: TicketStatus, action: Exclude<TicketAction, 'issue'>): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** Whether `action` may be applied to this ticket: its status, and for an upgrade or downgrade its lane. */
export function canApplyTo(
  ticket: Pick<LifecycleTicket, 'status' | 'priority'>,
  action: Exclude<TicketAction, 'issue'>,
) {
  const lane = PRIORITY_AFTER[action];
  return canApply(ticket.status, action) && (lane === undefined || Boolean(ticket.priority) !== lane);
}

/** The actions possible from a status, e.g. to decide which buttons a counter shows. */
export function actionsFrom(status: TicketStatus): Exclude<TicketAction, 'issue'>[] {
  return (Object.keys(TRANSITIONS) as Exclude<TicketAction, 'issue'>[]).filter((a) => canApply(status, a));
}

/**
 * Applies one action. Returns a new ticket (the input is never changed) or an
 * error that says which transition was refused.
 */
export function applyTicketAction<T extends LifecycleTicket>(
  ticket: T,
  action: Exclude<TicketAction, 'issue'>,
  ctx: ActionContext,
): LifecycleResult<T> {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(ticket.status)) {
    return {
      ok: false,
      error: {
        code: 'illegal_transition',
        message: `cannot ${action} a ticket that is ${ticket.status} (allowed from: ${rule.from.join(', ')})`,
      },
    };
  }
  const lane = PRIORITY_AFTER[action];
  if (lane !== undefined && Boolean(ticket.priority) === lane) {
    return {
      ok: false,
      error: {
        code: 'illegal_transition',
        message: `cannot ${action} a ticket that is ${lane ? 'already' : 'not'} in the priority lane`,
      },
    };
  }
  if (action === 'transfer' && !ctx.queue && !ctx.serviceId && !ctx.counter) {
    return {
      ok: false,
      error: { code: 'transfer_needs_target', message: 'transfer needs a target queue, service or counter' },
    };
  }
  const entry: TicketHistoryEntry = { action, at: ctx.at, by: ctx.by, from: ticket.status, to: rule.to };
  if (ctx.counter !== undefined) entry.counter = ctx.counter;
  if (action === 'transfer') {
    if (ctx.queue !== undefined) entry.queue = ctx.queue;
    if (ctx.serviceId !== undefined) entry.serviceId = ctx.serviceId;
  }
  const next: T = { ...ticket, status: rule.to, history: [...ticket.history, entry] };
  switch (action) {
    case 'call':
    case 'recall':
      next.calledAt = ctx.at;
      next.callCount = ticket.callCount + 1;
      if (ctx.counter !== undefined) next.counter = ctx.counter;
      // First-ask responsibility: whoever first receives the resident owns the matter.
      next.firstReceivedBy ??= ctx.by;
      break;
    case 'start':
      next.startedAt = ctx.at;
      next.servedBy = ctx.by;
      next.firstReceivedBy ??= ctx.by;
      if (ctx.counter !== undefined) next.counter = ctx.counter;
      break;
    case 'finish':
    case 'no_show':
    case 'cancel':
      next.endedAt = ctx.at;
      break;
    case 'transfer':
      // Keeps the number; the resident waits again in the target queue.
      if (ctx.queue !== undefined) next.queue = ctx.queue;
      if (ctx.serviceId !== undefined) next.serviceId = ctx.serviceId;
      if (ctx.counter !== undefined) next.counter = ctx.counter;
      else delete next.counter;
      delete next.calledAt;
      delete next.startedAt;
      next.callCount = 0;
      break;
    case 'upgrade':
    case 'downgrade':
      next.priority = action === 'upgrade';
      break;
    case 'reactivate':
      delete next.endedAt;
      delete next.calledAt;
      delete next.startedAt;
      next.callCount = 0;
      break;
  }
  return { ok: true, value: next };
}

/** The context an action was applied with, read back from the history entry it recorded. */
export function contextOfEntry(entry: TicketHistoryEntry): ActionContext {
  const ctx: ActionContext = { at: entry.at, by: entry.by };
  if (entry.counter !== undefined) ctx.counter = entry.counter;
  if (entry.queue !== undefined) ctx.queue = entry.queue;
  if (entry.serviceId !== undefined) ctx.serviceId = entry.serviceId;
  return ctx;
}

/** The history entry every new ticket starts with. */
export function issueEntry(at: number, by: string): TicketHistoryEntry {
  return { action: 'issue', at, by, from: 'waiting', to: 'waiting' };
}
