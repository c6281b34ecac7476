/** The checks every resident screen gets, shared by the resident specs. */
import { expect, type Page } from '@playwright/test';
import type { Lang } from '#protocol/languages.ts';
import { expectElderFriendly, expectFitsScreen, expectInReach } from './elder-ux.ts';
import { atEachSize, LARGE_TEXT_SIZES, RESIDENT_CONTROLS, RESIDENT_SIZES, type Size } from './layout.ts';
import { screenshot } from './resident.ts';

/**
 * One screen at every resident size, then in large-text mode at two: a screenshot
 * each (artifacts/screenshots/<target>/<size>[-large]/<language>/), the layout
 * checks, and in portrait the reach of every resident control. axe runs once per
 * screen, at the first size: what it checks (names, roles, contrast of a colour
 * on its background) does not change with the viewport, and larger text only
 * lowers the contrast it asks for; the size-dependent bars (targets, spacing,
 * clipping, text size, scrolling) are ours and run at every size.
 */
export async function checkEverySize(page: Page, project: string, lang: Lang, name: string): Promise<void> {
  let axeDone = false;
  const run = async (at: Size, large: boolean) => {
    const where = `${name} (${lang}, ${at.name}${large ? ', large text' : ''})`;
    await screenshot(page, `${project}/${at.name}${large ? '-large' : ''}/${lang}/${name}`);
    if (axeDone) await expectFitsScreen(page, where);
    else await expectElderFriendly(page, where);
    axeDone = true;
    if (at.portrait) await expectInReach(page, RESIDENT_CONTROLS, where);
  };
  await atEachSize(page, RESIDENT_SIZES, (at) => run(at, false));
  const dialogOpen = (await page.locator('[role="dialog"]').count()) > 0;
  if (dialogOpen) return;
  await page.getByTestId('large-text').click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  await atEachSize(page, LARGE_TEXT_SIZES, (at) => run(at, true));
  await page.getByTestId('large-text').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-text-size', 'large');
}
