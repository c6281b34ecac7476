/** Scope checks against stored data: the station's street decides, never anything the page sends. */
import { DomainError } from '#server/errors.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { StationListItem } from '#server/repositories/console-lists.ts';
import { canChange, canSeeStation, type Operator } from '#protocol/operator-roles.ts';

const forbidden = () =>
  new DomainError(403, 'operator_forbidden', 'your account may not change this; ask the district administrator');

/** The station, when the operator may see it; otherwise 404, so other streets' stations are not even confirmed to exist. */
export async function visibleStation(
  repo: DistrictRepository,
  operator: Operator,
  id: string,
): Promise<StationListItem> {
  const station = await repo.consoleLists.station(id);
  if (!station || !canSeeStation(operator, station.street))
    throw new DomainError(404, 'station_unknown', `no station "${id}"`);
  return station;
}

/** The station, when the operator may change it. */
export async function changeableStation(
  repo: DistrictRepository,
  operator: Operator,
  id: string,
): Promise<StationListItem> {
  const station = await visibleStation(repo, operator, id);
  if (!canChange(operator, station.street)) throw forbidden();
  return station;
}

/** Throws unless the operator may change things of this street (null: district-wide). */
export function assertCanChange(operator: Operator, street: string | null): void {
  if (!canChange(operator, street)) throw forbidden();
}

export { forbidden };
