/** Every locale's namespaces, bundled so the kiosk needs no network to show text. */
import enCommon from './locales/en/common.json' with { type: 'json' };
import enDisplay from './locales/en/display.json' with { type: 'json' };
import enResident from './locales/en/resident.json' with { type: 'json' };
import enSetup from './locales/en/setup.json' with { type: 'json' };
import enStaff from './locales/en/staff.json' with { type: 'json' };
import hansCommon from './locales/zh-Hans/common.json' with { type: 'json' };
import hansDisplay from './locales/zh-Hans/display.json' with { type: 'json' };
import hansResident from './locales/zh-Hans/resident.json' with { type: 'json' };
import hansSetup from './locales/zh-Hans/setup.json' with { type: 'json' };
import hansStaff from './locales/zh-Hans/staff.json' with { type: 'json' };
import hantCommon from './locales/zh-Hant/common.json' with { type: 'json' };
import hantDisplay from './locales/zh-Hant/display.json' with { type: 'json' };
import hantResident from './locales/zh-Hant/resident.json' with { type: 'json' };
import hantSetup from './locales/zh-Hant/setup.json' with { type: 'json' };
import hantStaff from './locales/zh-Hant/staff.json' with { type: 'json' };
import type { Lang } from '#protocol/languages.ts';

/** The screens' namespaces; `setup` is the technician's screens. Printed words are apart (assets/locales/<lng>/paper.json). */
export const NAMESPACES = ['common', 'resident', 'staff', 'display', 'setup'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Record<Lang, Record<Namespace, object>> = {
  'zh-Hans': {
    common: hansCommon,
    resident: hansResident,
    staff: hansStaff,
    display: hansDisplay,
    setup: hansSetup,
  },
  'zh-Hant': {
    common: hantCommon,
    resident: hantResident,
    staff: hantStaff,
    display: hantDisplay,
    setup: hantSetup,
  },
  en: {
    common: enCommon,
    resident: enResident,
    staff: enStaff,
    display: enDisplay,
    setup: enSetup,
  },
};
