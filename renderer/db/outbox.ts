/** This device's outbox: the writes the district has not confirmed yet (see sync/client/outbox.ts). */
import { Outbox } from '#client/outbox.ts';

export const outbox = new Outbox(localStorage);
