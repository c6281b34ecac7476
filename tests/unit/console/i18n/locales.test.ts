/** The console's texts: every language has every key, none empty, and every key the console uses exists. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { DEVICE_ROLES } from '#protocol/enrolment.ts';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import { CONSOLE_RESOURCES } from '#console/i18n/resources.ts';
import { OPERATOR_ROLES } from '#protocol/operator-roles.ts';
import { resources } from '#renderer/i18n/resources.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(obj: object, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object'
      ? flatten(v as object, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

const keysOf = (obj: object) => new Set(flatten(obj).map(([k]) => k.replace(PLURAL_SUFFIX, '')));

function has(lng: Lang, fullKey: string): boolean {
  const [ns, key] = fullKey.includes(':') ? (fullKey.split(':') as [string, string]) : ['console', fullKey];
  const source = ns === 'console' ? CONSOLE_RESOURCES[lng] : (resources[lng] as Record<string, object>)[ns];
  return source !== undefined && keysOf(source).has(key);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('console locales', () => {
  it('"console" has the same keys in every language, none empty', () => {
    const reference = keysOf(CONSOLE_RESOURCES['zh-Hans']);
    for (const lng of LANGUAGES) {
      const keys = keysOf(CONSOLE_RESOURCES[lng]);
      expect(
        [...reference].filter((k) => !keys.has(k)),
        `missing in ${lng}`,
      ).toEqual([]);
      expect(
        [...keys].filter((k) => !reference.has(k)),
        `only in ${lng}`,
      ).toEqual([]);
      for (const [key, value] of flatten(CONSOLE_RESOURCES[lng]))
        expect(typeof value === 'string' && value.trim().length > 0, `${lng} ${key}`).toBe(true);
    }
  });

  it('has every key the console uses, in every language', () => {
    const root = new URL('../../../../console/', import.meta.url).pathname;
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([\w.:-]+)'/g)) used.add(m[1]!);
    }
    // Keys built at run time from known lists.
    for (const id of CATEGORY_IDS) used.add(`resident:category.${id}.name`);
    for (const r of DEVICE_ROLES) used.add(`devices.roles.${r}`);
    for (const r of OPERATOR_ROLES) used.add(`role.${r}`);
    for (const l of LANGUAGES) used.add(`lang.${l}`);
    for (const c of [
      'missing_translation',
      'invalid_schedule',
      'unknown_queue',
      'duplicate',
      'bring_mismatch',
      'invalid',
    ])
      used.add(`issue.${c}`);
    for (const tab of ['overview', 'devices', 'staff']) used.add(`stations.tab.${tab}`);
    for (const s of ['catalog', 'stations', 'audit']) used.add(`nav.${s}`);
    for (let d = 1; d <= 7; d++) used.add(`resident:schedule.weekday.${d}`);
    expect(used.size).toBeGreaterThan(100);
    for (const lng of LANGUAGES)
      expect(
        [...used].filter((k) => !has(lng, k)),
        `missing in ${lng}`,
      ).toEqual([]);
  });

  it('names every audit action the server records', () => {
    const server = new URL('../../../../sync/server/', import.meta.url).pathname;
    const actions = new Set<string>();
    for (const file of sourceFiles(server))
      for (const m of readFileSync(file, 'utf8').matchAll(/action: (?:existing \? )?'(\w+)'(?: : '(\w+)')?/g)) {
        actions.add(m[1]!);
        if (m[2]) actions.add(m[2]);
      }
    for (const m of readFileSync(join(server, 'console/staff-routes.ts'), 'utf8').matchAll(
      /change\(operator, station, '(staff_\w+)'/g,
    ))
      actions.add(m[1]!);
    expect(actions.size).toBeGreaterThan(10);
    for (const lng of LANGUAGES)
      expect(
        [...actions].filter((a) => !has(lng, `audit.action.${a}`)),
        `missing in ${lng}`,
      ).toEqual([]);
  });
});
