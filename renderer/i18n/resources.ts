/** Every locale's namespaces, bundled so the kiosk needs no network to show text. */
import enCommon from './locales/en/common.json';
import enDisplay from './locales/en/display.json';
import enResident from './locales/en/resident.json';
import enStaff from './locales/en/staff.json';
import hansCommon from './locales/zh-Hans/common.json';
import hansDisplay from './locales/zh-Hans/display.json';
import hansResident from './locales/zh-Hans/resident.json';
import hansStaff from './locales/zh-Hans/staff.json';
import hantCommon from './locales/zh-Hant/common.json';
import hantDisplay from './locales/zh-Hant/display.json';
import hantResident from './locales/zh-Hant/resident.json';
import hantStaff from './locales/zh-Hant/staff.json';
import type { Lang } from '../../sync/protocol/languages.ts';

export const NAMESPACES = ['common', 'resident', 'staff', 'display'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Record<Lang, Record<Namespace, object>> = {
  'zh-Hans': { common: hansCommon, resident: hansResident, staff: hansStaff, display: hansDisplay },
  'zh-Hant': { common: hantCommon, resident: hantResident, staff: hantStaff, display: hantDisplay },
  en: { common: enCommon, resident: enResident, staff: enStaff, display: enDisplay },
};
