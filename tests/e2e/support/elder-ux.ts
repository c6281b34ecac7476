/**
 * The elderly-UX bars of PRODUCT.md §6, measured on the live page: axe-core at
 * WCAG 2.2 AA plus AAA contrast, tap-target size and spacing, and font size.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const MIN_TARGET_PX = 60;
export const MIN_GAP_PX = 8;
export const MIN_FONT_PX = 24;

/**
 * axe-core at WCAG 2.2 AA plus the AAA contrast rule: there is no wcag22aaa tag, and
 * wcag2aaa is what brings in color-contrast-enhanced (7:1). `.options()` must come
 * before `.withTags()`, because options replaces the tag selection.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

interface Box {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Every visible control, with its full bounding box (for size) and the part of it
 * that is actually on screen, clipped by scrolling ancestors (for spacing: a list
 * item scrolled under the footer cannot be touched there).
 */
async function visibleButtons(page: Page): Promise<(Box & { visible: Box })[]> {
  return page.evaluate(() => {
    const clip = (el: HTMLElement, r: DOMRect) => {
      let [x1, y1, x2, y2] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const c = a.getBoundingClientRect();
          [x1, y1, x2, y2] = [Math.max(x1, c.left), Math.max(y1, c.top), Math.min(x2, c.right), Math.min(y2, c.bottom)];
        }
      }
      [x1, y1, x2, y2] = [Math.max(x1, 0), Math.max(y1, 0), Math.min(x2, innerWidth), Math.min(y2, innerHeight)];
      return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
    };
    return [...document.querySelectorAll<HTMLElement>('button, [role="button"], a[href], input, textarea, select')]
      .filter((el) => {
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        const label = (el.getAttribute('data-testid') ?? el.textContent ?? el.tagName).trim().slice(0, 40);
        return { label, x: r.x, y: r.y, width: r.width, height: r.height, visible: { label, ...clip(el, r) } };
      })
      .filter((b) => b.visible.width > 0 && b.visible.height > 0);
  });
}

/** Controls a finger can reach now: on screen and not covered (e.g. by a dialog's backdrop). */
async function touchableButtons(page: Page): Promise<Box[]> {
  const all = await visibleButtons(page);
  const covered = await page.evaluate(
    (centres) =>
      centres.map(({ x, y, label }) => {
        const hit = document.elementFromPoint(x, y);
        const control = hit?.closest('button, [role="button"], a[href], input, textarea, select');
        const name = control
          ? (control.getAttribute('data-testid') ?? control.textContent ?? control.tagName).trim().slice(0, 40)
          : null;
        return name !== label;
      }),
    all.map((b) => ({ x: b.visible.x + b.visible.width / 2, y: b.visible.y + b.visible.height / 2, label: b.label })),
  );
  return all.filter((_, i) => !covered[i]).map((b) => b.visible);
}

export async function expectLargeTargets(page: Page, label: string): Promise<void> {
  const small = (await visibleButtons(page)).filter((b) => b.width < MIN_TARGET_PX || b.height < MIN_TARGET_PX);
  expect(
    small.map((b) => `${b.label} ${Math.round(b.width)}×${Math.round(b.height)}`),
    `targets under 60×60 on ${label}`,
  ).toEqual([]);
}

function gap(a: Box, b: Box): number {
  const dx = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width), 0);
  const dy = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height), 0);
  return Math.max(dx, dy);
}

export async function expectSpacedTargets(page: Page, label: string): Promise<void> {
  const boxes = await touchableButtons(page);
  const close: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const d = gap(boxes[i]!, boxes[j]!);
      if (d < MIN_GAP_PX - 0.5) close.push(`${boxes[i]!.label} ↔ ${boxes[j]!.label}: ${d.toFixed(1)} px`);
    }
  }
  expect(close, `targets closer than 8 px on ${label}`).toEqual([]);
}

/** Every visible piece of text is at least 24 px. */
export async function expectLargeText(page: Page, label: string): Promise<void> {
  const small = await page.evaluate((min) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      const rects = el.getClientRects();
      if (style.visibility === 'hidden' || rects.length === 0) continue;
      const size = parseFloat(style.fontSize);
      if (size < min) found.push(`"${text.slice(0, 30)}" ${size}px`);
    }
    return found;
  }, MIN_FONT_PX);
  expect(small, `text under 24 px on ${label}`).toEqual([]);
}

/** All the elderly-UX checks for one screen. */
export async function expectElderFriendly(page: Page, label: string): Promise<void> {
  await expectLargeText(page, label);
  await expectLargeTargets(page, label);
  await expectSpacedTargets(page, label);
  await expectNoAxeViolations(page, label);
}
