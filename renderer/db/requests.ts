/** Residents' help requests and needs: stored locally first, then replicated to the district. */
import type { Lang } from '#protocol/languages.ts';
import type { HelpRequestDoc, NeedDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from './database.ts';
import { insertMarked } from './local-writes.ts';

interface Origin {
  stationId: string;
  deviceId: string;
  lang: Lang;
}

/** Where the resident was when they asked for help, so staff know where to go and what it is about. */
export interface HelpPlace {
  screen: string;
  /** This kiosk's number as staff know it (its issuing slot + 1); absent on other devices. */
  kioskNumber?: number;
  category?: HelpRequestDoc['category'];
  serviceId?: string;
}

/** "Call staff for help" pressed at `place`. */
export async function recordHelpRequest(db: KioskDatabase, origin: Origin, place: HelpPlace): Promise<HelpRequestDoc> {
  const doc: HelpRequestDoc = {
    id: crypto.randomUUID(),
    ...origin,
    screen: place.screen,
    ...(place.kioskNumber !== undefined ? { kioskNumber: place.kioskNumber } : {}),
    ...(place.category !== undefined ? { category: place.category } : {}),
    ...(place.serviceId !== undefined ? { serviceId: place.serviceId } : {}),
    status: 'open',
    createdAt: Date.now(),
  };
  await insertMarked(db, 'helpRequests', doc);
  return doc;
}

/** A need or suggestion; `text` and `contact` only when the resident gave them. */
export async function recordNeed(
  db: KioskDatabase,
  origin: Origin,
  need: { kind: string; text?: string; contact?: string },
): Promise<NeedDoc> {
  const doc: NeedDoc = {
    id: crypto.randomUUID(),
    ...origin,
    kind: need.kind,
    createdAt: Date.now(),
    ...(need.text ? { text: need.text.slice(0, 500) } : {}),
    ...(need.contact ? { contact: need.contact } : {}),
  };
  await insertMarked(db, 'needs', doc);
  return doc;
}
