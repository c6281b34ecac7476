import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { LANGUAGES } from '#protocol/languages.ts';
import { TICKET_ACTIONS, TICKET_CHANNELS, TICKET_STATUSES } from '#protocol/ticket-lifecycle.ts';
import { LOW_RATING_REASONS, RATING_LEVELS } from '#renderer/features/staff/rating-scale.ts';
import { ACTION_ERROR_CODES, PRINT_FAILURE_CODES } from '#renderer/features/staff/staff-errors.ts';
import { EXPLAINED_CODES } from '#renderer/features/setup/setup-errors.ts';
import { NEED_KINDS } from '#renderer/features/resident/need-kinds.ts';
import { NAMESPACES, resources as screenResources } from '#renderer/i18n/resources.ts';
import { PAPER_NAMESPACE, paperResources } from '#services/printer/paper-words.ts';
import { FOLLOW_NAMESPACE, followResources } from '#server/follow/phone-page.ts';
import { PRINT_TEXT_KEYS } from '#services/printer/ticket-layout.ts';

/** The screens' namespaces, the printed words and the phone page (assets/locales), checked alike. */
const ALL_NAMESPACES = [...NAMESPACES, PAPER_NAMESPACE, FOLLOW_NAMESPACE] as const;
type AnyNamespace = (typeof ALL_NAMESPACES)[number];
const resources = Object.fromEntries(
  LANGUAGES.map((lng) => [lng, { ...screenResources[lng], ...paperResources[lng], ...followResources[lng] }]),
) as Record<(typeof LANGUAGES)[number], Record<AnyNamespace, object>>;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? flatten(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Keys without plural suffixes: languages differ in which plural forms they need. */
function baseKeys(lng: (typeof LANGUAGES)[number], ns: AnyNamespace): Set<string> {
  return new Set(flatten(resources[lng][ns]).map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function has(lng: (typeof LANGUAGES)[number], fullKey: string): boolean {
  const [ns, key] = fullKey.includes(':') ? (fullKey.split(':') as [string, string]) : ['?', fullKey];
  return ALL_NAMESPACES.includes(ns as AnyNamespace) && baseKeys(lng, ns as AnyNamespace).has(key);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('locales', () => {
  for (const ns of ALL_NAMESPACES) {
    it(`"${ns}" has the same keys in every language, none empty`, () => {
      const reference = baseKeys('zh-Hans', ns);
      for (const lng of LANGUAGES) {
        const keys = baseKeys(lng, ns);
        expect(
          [...reference].filter((k) => !keys.has(k)),
          `missing in ${lng}`,
        ).toEqual([]);
        expect(
          [...keys].filter((k) => !reference.has(k)),
          `only in ${lng}`,
        ).toEqual([]);
        for (const value of flatten(resources[lng][ns]).map((k) =>
          k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], resources[lng][ns]),
        )) {
          expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
        }
      }
    });
  }

  it('has every key the printer prints, in every language', () => {
    for (const lng of LANGUAGES) {
      expect(
        Object.values(PRINT_TEXT_KEYS).filter((k) => !has(lng, k)),
        `printed keys missing in ${lng}`,
      ).toEqual([]);
    }
  });

  it('has every key the renderer uses, in every language', () => {
    const root = new URL('../../../../renderer/', import.meta.url).pathname;
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      const defaultNs = /useTranslation\('(\w+)'\)/.exec(text)?.[1] ?? 'common';
      for (const m of text.matchAll(/\bt\('([\w.:-]+)'/g)) {
        const key = m[1]!;
        used.add(key.includes(':') ? key : `${defaultNs}:${key}`);
      }
    }
    // Keys built at run time from known lists.
    for (const id of CATEGORY_IDS) used.add(`resident:category.${id}.name`).add(`resident:category.${id}.hint`);
    for (const k of NEED_KINDS) used.add(`resident:needs.kind.${k}`);
    for (let d = 1; d <= 7; d++) used.add(`resident:schedule.weekday.${d}`);
    for (const st of TICKET_STATUSES) used.add(`staff:status.${st}`);
    for (const a of TICKET_ACTIONS) if (a !== 'issue') used.add(`staff:action.${a}`);
    for (const c of TICKET_CHANNELS) used.add(`staff:channel.${c}`);
    for (const l of RATING_LEVELS) used.add(`staff:rating.level.${l}`);
    for (const r of LOW_RATING_REASONS) used.add(`staff:rating.reason.${r}`);
    for (const c of ACTION_ERROR_CODES) used.add(`staff:error.${c}`);
    for (const c of EXPLAINED_CODES) used.add(`setup:error.${c}`);
    for (const c of [...PRINT_FAILURE_CODES, 'other']) used.add(`staff:print.reason.${c}`);
    expect(used.size).toBeGreaterThan(40);
    for (const lng of LANGUAGES) {
      expect(
        [...used].filter((k) => !has(lng, k)),
        `keys missing in ${lng}`,
      ).toEqual([]);
    }
  });
});
