/** A station's calling rules as every device and server reads them: the stored policy, else the default (priority off). Runtime-free. */
import { DEFAULT_CALL_POLICY, type CallPolicy, type PriorityQualifiers } from './call-order.ts';
import type { StationDoc } from './schemas.ts';

/** The station's call policy; a station stored before policies existed (schema v1) has priority off. */
export function stationCallPolicy(station: Pick<StationDoc, 'callPolicy'> | null | undefined): CallPolicy {
  return station?.callPolicy ?? DEFAULT_CALL_POLICY;
}

/** Whether a resident may ask for the priority lane at this station's kiosk. */
export function priorityOffered(station: Pick<StationDoc, 'callPolicy'> | null | undefined): boolean {
  return stationCallPolicy(station).priority.enabled;
}

/** Who qualifies, in the order the kiosk lists them (an empty list: the station names nobody in particular). */
export type QualifierLine = { kind: 'age'; age: number } | { kind: 'disabled' } | { kind: 'pregnant' };

export function qualifierLines(qualifies: PriorityQualifiers | undefined): QualifierLine[] {
  if (!qualifies) return [];
  const lines: QualifierLine[] = [];
  if (qualifies.minAge !== undefined) lines.push({ kind: 'age', age: qualifies.minAge });
  if (qualifies.disabled) lines.push({ kind: 'disabled' });
  if (qualifies.pregnant) lines.push({ kind: 'pregnant' });
  return lines;
}
