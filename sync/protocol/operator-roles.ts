/**
 * Who may see and change what in the console. Pure decisions the routes apply
 * before touching anything. The console page runs the very same functions to
 * hide what an operator may not do, but the server's checks are what stop it.
 * Runtime-free.
 */

export const OPERATOR_ROLES = ['admin', 'supervisor', 'viewer'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}

/** The signed-in operator, as the routes see them. */
export interface Operator {
  id: number;
  username: string;
  displayName: string;
  role: OperatorRole;
  /** The street (街镇) a supervisor looks after; '' for the others. */
  street: string;
}

/** The street filter for everything an operator may see: null means every street. */
export function visibleStreet(operator: Operator): string | null {
  return operator.role === 'supervisor' ? operator.street : null;
}

/** Whether the operator may see a station of this street. */
export function canSeeStation(operator: Operator, stationStreet: string): boolean {
  const street = visibleStreet(operator);
  return street === null || street === stationStreet;
}

/**
 * Whether the operator may change things of a station (its document, devices,
 * staff, its own catalog items). `stationStreet` null means "district-wide":
 * the 42 common items, which only the district administrator edits.
 */
export function canChange(operator: Operator, stationStreet: string | null): boolean {
  if (operator.role === 'admin') return true;
  if (operator.role === 'viewer') return false;
  // A supervisor without a street (which the accounts never allow) looks after nothing, not the street-less stations.
  return operator.street !== '' && stationStreet !== null && stationStreet === operator.street;
}

/** Creating stations and managing operators is the district's. */
export function canAdminister(operator: Operator): boolean {
  return operator.role === 'admin';
}

/**
 * Whether the operator may read the contact numbers residents leave with their
 * needs: those who follow a need up with the resident (the district and the
 * street supervisors, for their own street's stations), not read-only viewers.
 * The server leaves the number out of what it sends to everyone else.
 */
export function canSeeNeedContact(operator: Operator, stationStreet: string): boolean {
  if (operator.role === 'admin') return true;
  return operator.role === 'supervisor' && canSeeStation(operator, stationStreet);
}
