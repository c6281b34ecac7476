import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RENDERER_DIR = `${ROOT}dist/renderer`;
export const DEMO_CATALOG = `${ROOT}assets/catalog/demo-catalog.json`;
/** Where the e2e run writes screenshots for people to review (named in the README). */
export const SCREENSHOT_DIR = `${ROOT}artifacts/screenshots`;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Flags for Debian's Chromium on a closed network: without the background-networking,
 * component-update and sync switches Chromium keeps opening connections that this
 * machine refuses, many at a time, and looks up Google's hosts at every start.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
