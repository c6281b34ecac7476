/**
 * The home screen's "您的建议已变成：…": nothing until the district has a project for
 * this station; then its newest projects (never another station's), updating live
 * as the replica receives them, in the resident's language.
 */
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectDoc } from '#protocol/schemas.ts';
import { renderKiosk, type KioskView } from '#tests/unit/renderer/support/render-kiosk.tsx';

let view: KioskView | undefined;
afterEach(async () => {
  await view?.close();
  view = undefined;
});

const project = (id: string, stationId: string, title: string, updatedAt: number): ProjectDoc => ({
  id,
  stationId,
  title,
  status: 'in_progress',
  owner: '王主任',
  resources: [],
  needCount: 2,
  updatedAt,
});

describe('your suggestions became', () => {
  it('shows this station’s projects on the home screen, and only those', async () => {
    view = await renderKiosk();
    const v = view;
    expect(screen.queryByTestId('suggestions-line')).toBeNull();
    await act(async () => {
      await v.db.projects.bulkInsert([
        project('p1', v.config.stationId, '楼道灯维修', 1),
        project('p2', v.config.stationId, '老年助餐点', 2),
        project('p3', 'another-station', '别处的项目', 3),
      ]);
    });
    const line = await screen.findByTestId('suggestions-line');
    expect(line.textContent).toBe('您的建议已变成：老年助餐点（正在办）；楼道灯维修（正在办）');
    await act(async () => {
      await v.i18n.changeLanguage('en');
    });
    expect(screen.getByTestId('suggestions-line').textContent).toBe(
      'Your suggestions became: 老年助餐点 (under way); 楼道灯维修 (under way)',
    );
  });
});
