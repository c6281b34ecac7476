// @ts-check
/**
 * afterPack hook of the Playwright build (electron-builder.e2e.yml): the kiosk's
 * fuses, except that --inspect stays allowed, which _electron.launch needs.
 * A file of its own rather than an environment switch, so a production build
 * can never pick up the e2e fuses from a stray variable.
 */
import { applyKioskFuses } from './after-pack.mjs';

/**
 * The afterPack hook of the e2e build.
 * @param {Parameters<typeof applyKioskFuses>[0]} context
 */
export async function afterPack(context) {
  await applyKioskFuses(context, 'e2e');
}
