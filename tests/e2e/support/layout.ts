/**
 * The station hardware sizes (PRODUCT.md §3) and a loop that runs one screen's
 * checks at each, in one browser: resizing the viewport is what turning or
 * swapping the screen does, and far cheaper than a browser per size.
 */
import type { Page } from '@playwright/test';
import type { Viewport } from './targets.ts';

export interface Size extends Viewport {
  /** Folder name for screenshots: `1280x800`. */
  name: string;
  portrait: boolean;
}

function size(width: number, height: number): Size {
  return { width, height, name: `${width}x${height}`, portrait: height > width };
}

/** Every size a resident kiosk runs at: tablets, a laptop-class touchscreen, and full-HD in both orientations. */
export const RESIDENT_SIZES: Size[] = [
  size(1280, 800),
  size(1366, 768),
  size(800, 1280),
  size(1920, 1080),
  size(1080, 1920),
];
/** Large-text mode is checked on the smallest landscape tablet and the tallest portrait screen. */
export const LARGE_TEXT_SIZES: Size[] = [size(1280, 800), size(1080, 1920)];
/** A staff counter: a laptop, a tablet, a desktop monitor. */
export const STAFF_SIZES: Size[] = [size(1366, 768), size(1280, 800), size(1920, 1080)];
/** A calling display: a TV, either way up. */
export const DISPLAY_SIZES: Size[] = [size(1920, 1080), size(1080, 1920)];
/** The technician sets a station up on its own screen, most often a tablet. */
export const SETUP_SIZES: Size[] = [size(1280, 800), size(800, 1280), size(1366, 768)];

/** Every control a resident needs, which in portrait must sit in the lower two-thirds. */
export const RESIDENT_CONTROLS = [
  'read-aloud',
  'large-text',
  'lang-zh-Hans',
  'lang-zh-Hant',
  'lang-en',
  'nav-home',
  'nav-back',
  'nav-needs',
  'help',
  'take-number',
];

/** Resizes and waits for the layout to settle (two frames: resize, then what observers change). */
export async function resize(page: Page, to: Size): Promise<void> {
  await page.setViewportSize({ width: to.width, height: to.height });
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** Runs `check` at each size in turn, then leaves the page at the first size. */
export async function atEachSize(page: Page, sizes: Size[], check: (at: Size) => Promise<void>): Promise<void> {
  for (const at of sizes) {
    await resize(page, at);
    await check(at);
  }
  await resize(page, sizes[0]!);
}
