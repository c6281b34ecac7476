/**
 * The elderly-UX bars of PRODUCT.md §6, measured on the live page: axe-core at
 * WCAG 2.2 AA plus AAA contrast, tap-target size and spacing, font size, and the
 * layout ones axe cannot see: nothing clipped or spilling out of its box, nothing
 * under the frame's bars, no word broken per character, everything reachable by
 * scrolling with a visible cue, and (portrait) every control within reach.
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
export const KIOSK_AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa'];
/** WCAG 2.2 AA alone: the district console's bar (an operator's office screen, not a resident's kiosk). */
export const AA_AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function expectNoAxeViolations(page: Page, label: string, tags = KIOSK_AXE_TAGS): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(tags)
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

/** The frame's bars: whatever is not inside one must never show under one. */
const BARS =
  '.shell-top, .shell-header, .shell-controls, .shell-footer, .scroll-cues, .staff-header, .setup-header, .display-header, .display-footer';

/**
 * Nothing is clipped or spills out: no element reaches past the screen's sides, no
 * text runs out of the control or box that holds it (an English tile title wider
 * than its tile), and no box cuts off its own text (`overflow: hidden` with more
 * inside). Off-screen vertically is the scroll check's business.
 */
export async function expectNothingClipped(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => (el.getAttribute('data-testid') ?? el.textContent ?? el.tagName).trim().slice(0, 30);
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el) || el.closest('svg')) continue;
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > innerWidth + 1) out.push(`"${name(el)}" is off the side of the screen`);
      const s = getComputedStyle(el);
      const clips = s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) out.push(`"${name(el)}" cuts off its text`);
    }
    // Text that runs out of the control (or card) holding it.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent?.trim() || !el || !shown(el)) continue;
      const holder = el.closest('button, [role="button"], .ticket-card, .current-card, .dialog, .notice');
      if (!holder) continue;
      const box = holder.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        if (line.left < box.left - 1 || line.right > box.right + 1 || line.bottom > box.bottom + 1)
          out.push(`"${node.textContent.trim().slice(0, 30)}" spills out of "${name(holder)}"`);
      }
    }
    return [...new Set(out)];
  });
  expect(found, `clipped or spilling on ${label}`).toEqual([]);
}

/** Nothing shows under the header, control bar, footer or scroll bar unless it belongs to that bar. */
export async function expectNothingUnderBars(page: Page, label: string): Promise<void> {
  const found = await page.evaluate((bars) => {
    const out: string[] = [];
    const open = document.querySelector('[role="dialog"]');
    // A dialog's own bar (its list's scroll cues) lies over the page the dialog covers anyway.
    const barEls = [...document.querySelectorAll<HTMLElement>(bars)].filter((b) => !open?.contains(b));
    for (const el of document.body.querySelectorAll<HTMLElement>('button, p, li, h1, h2, h3, span, output, textarea')) {
      if (open?.contains(el) || el.closest(bars)) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') continue;
      // The part of it actually painted: clipped by every scrolling ancestor.
      let [x1, y1, x2, y2] = (() => {
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
      })();
      for (let a = el.parentElement; a; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
          const c = a.getBoundingClientRect();
          [x1, y1, x2, y2] = [Math.max(x1, c.left), Math.max(y1, c.top), Math.min(x2, c.right), Math.min(y2, c.bottom)];
        }
      }
      if (x2 - x1 <= 0 || y2 - y1 <= 0) continue;
      for (const bar of barEls) {
        const b = bar.getBoundingClientRect();
        const ox = Math.min(x2, b.right) - Math.max(x1, b.left);
        const oy = Math.min(y2, b.bottom) - Math.max(y1, b.top);
        if (ox > 1 && oy > 1)
          out.push(`"${(el.textContent ?? el.tagName).trim().slice(0, 30)}" under ${bar.className.split(' ')[0]}`);
      }
    }
    return [...new Set(out)];
  }, BARS);
  expect(found, `under a bar on ${label}`).toEqual([]);
}

/**
 * No word broken per character: a line break between two Latin letters (a word cut
 * in two), a short label (≤ 4 characters, like 简体 or 叫号) split over lines, or
 * text set one or two characters a line (the staff board's old service names).
 */
export async function expectNoBrokenWords(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const letter = /[A-Za-z]/;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const el = node.parentElement;
      if (text.trim().length < 2 || !el) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') continue;
      const range = document.createRange();
      // Each character's line, by its box's vertical middle.
      const lines: number[] = [];
      const chars = [...text];
      let offset = 0;
      for (const ch of chars) {
        range.setStart(node, offset);
        range.setEnd(node, offset + ch.length);
        offset += ch.length;
        const rect = [...range.getClientRects()].find((r) => r.width > 0);
        lines.push(rect ? Math.round(rect.top + rect.height / 2) : Number.NaN);
      }
      const tops: number[] = [];
      for (const y of lines) if (!Number.isNaN(y) && !tops.some((t) => Math.abs(t - y) < 4)) tops.push(y);
      if (tops.length < 2) continue;
      const trimmed = text.trim();
      const shown = trimmed.slice(0, 30);
      if (trimmed.length <= 4 && !/\s/.test(trimmed)) out.push(`"${shown}" is split over ${tops.length} lines`);
      else if (trimmed.replace(/\s/g, '').length / tops.length <= 2)
        out.push(`"${shown}" runs ${tops.length} lines of one or two characters`);
      // A control's label that leaves one CJK character alone on its last line (证件办 / 理).
      const last = lines.at(-1);
      const onLast = chars.filter((ch, i) => lines[i] === last && /[\u3400-\u9fff]/.test(ch)).length;
      const alone = chars
        .filter((_, i) => lines[i] === last)
        .join('')
        .trim();
      if (el.closest('button') && onLast === 1 && [...alone].length === 1)
        out.push(`"${shown}" leaves "${alone}" alone`);
      for (let i = 1; i < chars.length; i++) {
        const [a, b] = [lines[i - 1]!, lines[i]!];
        if (Math.abs(a - b) >= 4 && letter.test(chars[i - 1]!) && letter.test(chars[i]!)) {
          out.push(`"${shown}" breaks inside a word`);
          break;
        }
      }
    }
    return [...new Set(out)];
  });
  expect(found, `words broken per character on ${label}`).toEqual([]);
}

/** The checks that depend on what is on screen now (everything but axe). */
async function expectLayoutNow(page: Page, label: string): Promise<void> {
  await expectLargeText(page, label);
  await expectLargeTargets(page, label);
  await expectSpacedTargets(page, label);
  await expectNothingClipped(page, label);
  await expectNothingUnderBars(page, label);
  await expectNoBrokenWords(page, label);
}

/** Scroll areas whose content does not fit: where they stand, their controls, and which are fully in view. */
async function scrollAreas(
  page: Page,
): Promise<{ index: number; scrolledDown: boolean; atEnd: boolean; all: string[]; inView: string[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.scroll-area')].flatMap((el, index) => {
      if (el.scrollHeight <= el.clientHeight + 4) return [];
      const view = el.getBoundingClientRect();
      const controls = [...el.querySelectorAll<HTMLElement>('button, input, textarea, select, a[href]')].filter(
        (c) => getComputedStyle(c).visibility !== 'hidden' && c.getBoundingClientRect().height > 0,
      );
      const key = (c: HTMLElement, i: number) =>
        `${(c.getAttribute('data-testid') ?? c.textContent ?? c.tagName).trim().slice(0, 30)}#${i}`;
      return [
        {
          index,
          scrolledDown: el.scrollTop > 4,
          atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 4,
          all: controls.map(key),
          inView: controls
            .map((c, i) => ({ c, i, r: c.getBoundingClientRect() }))
            .filter(({ r }) => r.top >= view.top - 1 && r.bottom <= view.bottom + 1)
            .map(({ c, i }) => key(c, i)),
        },
      ];
    }),
  );
}

/**
 * Every control is reachable by scrolling, with a visible cue: wherever a scroll
 * area's content does not fit, its "more below" button shows; tapping it pages
 * down until the end, each page passes the layout checks, and every control in
 * the area was wholly in view on some page. Then "back up" returns to the top.
 */
export async function expectReachableByScrolling(page: Page, label: string): Promise<void> {
  if (await page.locator('[role="dialog"]').count()) return;
  for (const found of await scrollAreas(page)) {
    const frame = page.locator('.scroll-frame').nth(found.index);
    const scroller = frame.locator('.scroll-area').first();
    const more = frame.getByTestId('scroll-more');
    // The walk starts at the top. An area can stand lower already: Playwright scrolls whatever it
    // fills or taps into view, so a screen shot after a form was sent stands at that form's button,
    // and a walk from there (at its end, in CI) never sees the fields above it. A resident who finds
    // it so sees "back up".
    if (found.scrolledDown) {
      await expect(frame.getByTestId('scroll-up'), `a visible "back up" cue on ${label}`).toBeVisible();
      await scroller.evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
    }
    const area = found.scrolledDown ? ((await scrollAreas(page)).find((a) => a.index === found.index) ?? found) : found;
    const seen = new Set(area.inView);
    let now = area;
    for (let step = 1; !now.atEnd && step <= 30; step++) {
      await expect(more, `a visible "more below" cue on ${label}`).toBeVisible();
      const before = await scroller.evaluate((el) => el.scrollTop);
      // The cue hides once the area is at its end by other means (its content settling after a resize):
      // a tap that cannot land is measured again below, not waited on until the test's timeout (CI
      // waited 10 minutes on a hidden cue once).
      const tapped = await more.click({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      // Let the smooth scroll finish before measuring the page it lands on.
      if (tapped)
        await expect.poll(() => scroller.evaluate((el) => el.scrollTop), { timeout: 5_000 }).toBeGreaterThan(before);
      await scroller.evaluate(
        (el) =>
          new Promise<void>((resolve) => {
            let last = -1;
            const tick = () => (el.scrollTop === last ? resolve() : ((last = el.scrollTop), setTimeout(tick, 100)));
            tick();
          }),
      );
      await expectLayoutNow(page, `${label}, page ${step + 1}`);
      now = (await scrollAreas(page)).find((a) => a.index === area.index) ?? { ...now, atEnd: true };
      for (const c of now.inView) seen.add(c);
    }
    expect(now.atEnd, `the end of ${label} is reached with "more below"`).toBe(true);
    expect(
      area.all.filter((c) => !seen.has(c)),
      `controls never wholly in view on ${label}`,
    ).toEqual([]);
    await expect(more, `no "more below" cue at the end of ${label}`).toBeHidden();
    await frame.getByTestId('scroll-up').click();
    await scroller.evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
  }
}

/**
 * Portrait reach: every one of these controls that is on screen sits in the lower
 * two-thirds (its top edge at or below a third of the height), within reach of a
 * resident in a wheelchair.
 */
export async function expectInReach(page: Page, testIds: string[], label: string): Promise<void> {
  const { height, boxes } = await page.evaluate((ids) => {
    const found = ids.flatMap((id) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (!el || getComputedStyle(el).visibility === 'hidden') return [];
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? [{ id, top: r.top }] : [];
    });
    return { height: innerHeight, boxes: found };
  }, testIds);
  const high = boxes.filter((b) => b.top < height / 3).map((b) => `${b.id} at y=${Math.round(b.top)}`);
  expect(high, `controls above the lower two-thirds (y < ${Math.round(height / 3)}) on ${label}`).toEqual([]);
}

/** Everything but axe: for a screen checked at several sizes, where axe (size-independent) runs once. */
export async function expectFitsScreen(page: Page, label: string): Promise<void> {
  await expectLayoutNow(page, label);
  await expectReachableByScrolling(page, label);
}

/** All the elderly-UX checks for one screen. */
export async function expectElderFriendly(page: Page, label: string): Promise<void> {
  await expectLayoutNow(page, label);
  await expectNoAxeViolations(page, label);
  await expectReachableByScrolling(page, label);
}
