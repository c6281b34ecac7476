/**
 * The words printed on paper, in every UI language: the resident's ticket and the
 * technician's test ticket. They live as data in assets/locales/<lng>/paper.json,
 * apart from the screens' locales (renderer/i18n), so the device's main process
 * bundles these few words and not every screen's; the locale test checks them
 * like every other namespace.
 */
import en from '#assets/locales/en/paper.json' with { type: 'json' };
import hans from '#assets/locales/zh-Hans/paper.json' with { type: 'json' };
import hant from '#assets/locales/zh-Hant/paper.json' with { type: 'json' };
import type { Lang } from '#protocol/languages.ts';

/** The i18next namespace of the printed words. */
export const PAPER_NAMESPACE = 'paper';

/** i18next resources of the printed words. */
export const paperResources: Record<Lang, { [PAPER_NAMESPACE]: object }> = {
  'zh-Hans': { paper: hans },
  'zh-Hant': { paper: hant },
  en: { paper: en },
};
