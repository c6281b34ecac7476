/**
 * Leaving a need with taps only: big need tiles first, then optional words from
 * phrase buttons (and on-screen letters in English), then the phone keypad, and
 * 提交 last. There is no text box anywhere, so no system keyboard can be asked for.
 */
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NeedDoc } from '#protocol/schemas.ts';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

let view: KioskView | undefined;
afterEach(async () => {
  await view?.close();
  view = undefined;
});

const storedNeeds = async (v: KioskView) => (await v.db.needs.find().exec()).map((d) => d.toJSON() as NeedDoc);

/** Nothing a resident would have to type into with a physical keyboard. */
function expectNoTextBox() {
  expect(document.querySelectorAll('input, textarea, [contenteditable="true"]')).toHaveLength(0);
}

describe('needs without a keyboard', () => {
  it('goes tiles → phrases → phone keypad → 提交, and stores what was tapped', async () => {
    view = await renderKiosk();
    const { user } = view;
    await user.click(screen.getByTestId('nav-needs'));

    // Step 1: only the big choices; nothing to submit yet.
    expect(screen.getAllByRole('button', { pressed: false }).length).toBeGreaterThanOrEqual(8);
    expect(screen.queryByTestId('need-submit')).toBeNull();
    expectNoTextBox();
    await user.click(screen.getByTestId('need-repair'));

    // Step 2: phrases as big buttons; Chinese has no letter keyboard; still nothing to submit.
    expect(screen.getByTestId('need-chosen').textContent).toContain('家里维修');
    expect(screen.queryByTestId('key-q')).toBeNull();
    expect(screen.queryByTestId('need-submit')).toBeNull();
    expectNoTextBox();
    await user.click(screen.getByTestId('need-phrase-urgent'));
    await user.click(screen.getByTestId('need-phrase-alone'));
    expect(screen.getByTestId('need-text').textContent).toBe('事情比较急，我一个人住');
    // A phrase already added cannot be added twice.
    expect((screen.getByTestId('need-phrase-urgent') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('need-next'));

    // Step 3: the keypad, and 提交 after it (last button of the screen's section).
    const section = screen.getByTestId('need-phone').closest('section')!;
    const buttons = within(section).getAllByRole('button');
    expect(buttons.at(-1)).toBe(screen.getByTestId('need-submit'));
    expect(buttons.indexOf(screen.getByTestId('digit-0'))).toBeLessThan(buttons.length - 1);
    for (const d of '13800138000') await user.click(screen.getByTestId(`digit-${d}`));
    await user.click(screen.getByTestId('digit-delete'));
    await user.click(screen.getByTestId('digit-0'));
    expect(screen.getByTestId('need-phone').textContent).toBe('13800138000');
    expectNoTextBox();
    await user.click(screen.getByTestId('need-submit'));

    expect(await screen.findByTestId('screen-needThanks')).toBeTruthy();
    const [need, ...rest] = await storedNeeds(view);
    expect(rest).toHaveLength(0);
    expect(need).toMatchObject({
      kind: 'repair',
      text: '事情比较急，我一个人住',
      contact: '13800138000',
      lang: 'zh-Hans',
    });
  });

  it('in English offers large on-screen letters too, and a need with no words and no phone is fine', async () => {
    view = await renderKiosk({ config: { defaultLang: 'en' } });
    const { user } = view;
    await user.click(screen.getByTestId('nav-needs'));
    await user.click(screen.getByTestId('need-meals'));
    await user.click(screen.getByTestId('need-phrase-soon'));
    for (const key of ['space', 'n', 'o', 'w', 'w', 'delete']) await user.click(screen.getByTestId(`key-${key}`));
    expect(screen.getByTestId('need-text').textContent).toBe('Please deal with it soon now');
    await user.click(screen.getByTestId('need-text-clear'));
    await user.click(screen.getByTestId('need-next'));
    await user.click(screen.getByTestId('need-submit'));
    expect(await screen.findByTestId('screen-needThanks')).toBeTruthy();
    const [need] = await storedNeeds(view);
    expect(need).toMatchObject({ kind: 'meals', lang: 'en' });
    expect(need).not.toHaveProperty('text');
    expect(need).not.toHaveProperty('contact');
  });

  it('goes back a step without losing what was chosen', async () => {
    view = await renderKiosk();
    const { user } = view;
    await user.click(screen.getByTestId('nav-needs'));
    await user.click(screen.getByTestId('need-health'));
    await user.click(screen.getByTestId('need-phrase-callMe'));
    await user.click(screen.getByTestId('need-next'));
    await user.click(screen.getByTestId('need-back'));
    expect(screen.getByTestId('need-text').textContent).toBe('请打电话给我，我在电话里细说');
    await user.click(screen.getByTestId('need-back'));
    expect(screen.getByTestId('need-health').getAttribute('aria-pressed')).toBe('true');
  });
});
