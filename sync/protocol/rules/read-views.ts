/** What a device of each role receives of a stored document (READ_TABLE applied). Runtime-free. */
import type { DeviceRole } from '#protocol/enrolment.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { READ_TABLE } from './role-actions.ts';

function hiddenFor(collection: ReplicatedCollection, role: DeviceRole): readonly string[] {
  if (collection === 'stations' || collection === 'needs' || collection === 'appointments') {
    return READ_TABLE[role][collection];
  }
  return [];
}

/** Whether a role ever receives a document of `collection` differently from how it is stored. */
export function viewDiffers(collection: ReplicatedCollection, role: DeviceRole): boolean {
  return hiddenFor(collection, role).length > 0;
}

/** The document as `role` may read it: the same object when nothing is hidden, otherwise a copy without the hidden fields. */
export function readView<T extends Record<string, unknown>>(
  collection: ReplicatedCollection,
  role: DeviceRole,
  doc: T,
): T {
  const hidden = hiddenFor(collection, role);
  if (!hidden.some((field) => field in doc)) return doc;
  const copy: Record<string, unknown> = { ...doc };
  for (const field of hidden) delete copy[field];
  return copy as T;
}
