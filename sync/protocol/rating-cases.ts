/**
 * 好差评 follow-up cases (issue 15 item 3): what the console API answers with and
 * the one rule of a case's status. The server opens a case for every rating of
 * level 2 (不满意) or 1 (非常不满意) (migration 015); operators only annotate it.
 * Runtime-free.
 */

/** Ratings at or below this level open a case. */
export const CASE_RATING_LEVEL_MAX = 2;

export const CASE_STATUSES = ['open', 'contacted', 'rectified', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The district's default number of working days to settle a case. */
export const CASE_WORKING_DAYS_DEFAULT = 5;
export const CASE_WORKING_DAYS_MAX = 60;
export const CASE_NOTE_MAX = 2000;

/**
 * A case moves only forward, one step at a time: a resident is contacted before
 * the matter is rectified, and it is rectified before the case is closed.
 */
export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_STATUSES.indexOf(to) === CASE_STATUSES.indexOf(from) + 1;
}

/** A case is overdue when it is neither rectified nor closed once its deadline day has passed. */
export function isCaseOverdue(status: CaseStatus, dueOn: string, today: string): boolean {
  return (status === 'open' || status === 'contacted') && today > dueOn;
}

/** One entry of a case's history, oldest first; entries are never changed or removed. */
export interface CaseEvent {
  at: string;
  actor: string;
  kind: 'status' | 'note' | 'owner';
  status: CaseStatus | null;
  owner: string | null;
  note: string | null;
}

export interface RatingCase {
  id: number;
  ticketId: string;
  stationId: string;
  stationName: string;
  street: string;
  ticketNumber: string;
  ticketDay: string;
  serviceId: string;
  servedBy: string;
  level: number;
  reasons: string[];
  /** Device clock at the rating; null if it did not say. */
  ratedAt: string | null;
  /** Server clock when the district received the rating. */
  openedAt: string;
  workingDays: number;
  /** Station-local day by which the case is to be rectified. */
  dueOn: string;
  owner: string;
  status: CaseStatus;
  overdue: boolean;
  updatedAt: string;
}

export interface RatingCaseDetail extends RatingCase {
  events: CaseEvent[];
  /** The rating as the ticket holds it, read from the ticket (the one source). */
  rating: { level: number; reasons: string[]; at: number } | null;
}

export interface CaseListQuery {
  status?: CaseStatus;
  overdue?: boolean;
  street?: string;
  stationId?: string;
  limit?: number;
  offset?: number;
}

/** A change an operator makes to a case: any of a next status, a new owner, a note to append. */
export interface CaseChange {
  status?: CaseStatus;
  owner?: string;
  note?: string;
}

export interface CaseSettings {
  workingDays: number;
  /** Public holidays (YYYY-MM-DD) the deadline skips, as the district lists them. */
  holidays: string[];
}

export const RATING_GROUPINGS = ['station', 'service', 'staff'] as const;
export type RatingGrouping = (typeof RATING_GROUPINGS)[number];

/** Rating counts of one station, item or staff member: counts[0] is level 1 (非常不满意) … counts[4] level 5. */
export interface RatingRow {
  key: string;
  /** The station's name, the item's zh-Hans/en names, or the staff member's name, where known. */
  label: string;
  counts: [number, number, number, number, number];
  total: number;
}

export interface RatingDistribution {
  by: RatingGrouping;
  rows: RatingRow[];
  totals: RatingRow['counts'];
}
