/** Common needs offered as large buttons; ids are stored, labels come from the locale (resident:needs.kind.<id>). */
export const NEED_KINDS = [
  'meals',
  'homeCare',
  'repair',
  'health',
  'legal',
  'activity',
  'environment',
  'other',
] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
