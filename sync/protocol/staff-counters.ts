/**
 * Which counters a staff member may sign in and serve at. The list lives on the
 * staff record in the station document; absent or empty means every counter of
 * the station, so records made before the list existed keep working. One rule
 * for the console, the counter's sign-in and the server's ticket rules. Runtime-free.
 */

/** The part of a staff record this rule reads. */
export interface CounterLimited {
  counters?: readonly string[];
}

/** Whether the member may work at `counterId`. */
export function mayUseCounter(member: CounterLimited, counterId: string): boolean {
  const allowed = member.counters;
  return allowed === undefined || allowed.length === 0 || allowed.includes(counterId);
}

/** The station's counters the member may use, in the station's order (all of them when unrestricted). */
export function usableCounters<C extends { id: string }>(member: CounterLimited, counters: readonly C[]): C[] {
  return counters.filter((c) => mayUseCounter(member, c.id));
}
