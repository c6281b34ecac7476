/** This device's list of writes the district refused (see sync/client/refused-writes.ts). */
import { RefusedWrites } from '#client/refused-writes.ts';

export const refusedWrites = new RefusedWrites(localStorage);
