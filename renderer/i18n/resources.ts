/** Every locale's namespaces, bundled so the kiosk needs no network to show text. */
import enCommon from './locales/en/common.json';
import enResident from './locales/en/resident.json';
import hansCommon from './locales/zh-Hans/common.json';
import hansResident from './locales/zh-Hans/resident.json';
import hantCommon from './locales/zh-Hant/common.json';
import hantResident from './locales/zh-Hant/resident.json';
import type { Lang } from '../../sync/protocol/languages.ts';

export const NAMESPACES = ['common', 'resident'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Record<Lang, Record<Namespace, object>> = {
  'zh-Hans': { common: hansCommon, resident: hansResident },
  'zh-Hant': { common: hantCommon, resident: hantResident },
  en: { common: enCommon, resident: enResident },
};
