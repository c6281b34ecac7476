/**
 * Guards the wording rules of docs/plain-words.md where a machine can check them:
 * residents are addressed as 您 (never 你) in both Chinese scripts, the resident
 * screens carry no sync jargon, 城运 never appears unexplained, and 繁體 follows one
 * standard (Taiwan): no mainland or Hong Kong variant from a list of known pairs, and
 * no Simplified character left over from a conversion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '#protocol/languages.ts';
import { resources } from '#renderer/i18n/resources.ts';
import { paperResources } from '#services/printer/paper-words.ts';
import { followResources } from '#server/follow/phone-page.ts';

const catalog = JSON.parse(readFileSync(join(process.cwd(), 'assets/catalog/demo-catalog.json'), 'utf8')) as object;

/** Every string leaf of a locale object, with its key path. */
function strings(obj: unknown, path = ''): [string, string][] {
  if (typeof obj === 'string') return [[path, obj]];
  if (Array.isArray(obj)) return obj.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (obj && typeof obj === 'object')
    return Object.entries(obj).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** The catalog's text in one language: every `{zh-Hans, zh-Hant, en}` object's entry. */
function catalogStrings(lang: Lang): [string, string][] {
  const out: [string, string][] = [];
  const walk = (o: unknown, path: string) => {
    if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (o && typeof o === 'object') {
      if ('zh-Hans' in o && 'en' in o) out.push(...strings((o as Record<Lang, unknown>)[lang], `catalog${path}`));
      else for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    }
  };
  walk(catalog, '');
  return out;
}

/** What a resident reads or hears: the resident and shared screens, the printed ticket, the phone page, the catalog. */
function residentStrings(lang: Lang): [string, string][] {
  return [
    ...strings(resources[lang].resident, 'resident'),
    ...strings(resources[lang].common, 'common'),
    ...strings(resources[lang].display, 'display'),
    ...strings(paperResources[lang], 'paper'),
    ...strings(followResources[lang], 'follow'),
    ...catalogStrings(lang),
  ];
}

/** Every zh-Hant string the kiosk shows or prints, technician screens included. */
function allHant(): [string, string][] {
  return [
    ...strings(resources['zh-Hant']),
    ...strings(paperResources['zh-Hant']),
    ...strings(followResources['zh-Hant']),
    ...catalogStrings('zh-Hant'),
  ];
}

const offending = (list: [string, string][], test: (s: string) => boolean) =>
  list.filter(([, s]) => test(s)).map(([k, s]) => `${k}: ${s}`);

describe('plain words for residents', () => {
  it.each(['zh-Hans', 'zh-Hant'] as const)('%s addresses residents as 您, never 你', (lang) => {
    expect(offending(residentStrings(lang), (s) => s.includes('你'))).toEqual([]);
  });

  it('keeps sync jargon off the resident screens', () => {
    const jargon = /同步|独立运行|獨立運行|网络断开|網絡斷開|網路斷開|离线|離線/;
    for (const lang of ['zh-Hans', 'zh-Hant'] as const)
      expect(offending(strings(resources[lang].resident, 'resident'), (s) => jargon.test(s))).toEqual([]);
    expect(offending(strings(resources.en.resident, 'resident'), (s) => /\bsync|offline\b/i.test(s))).toEqual([]);
  });

  it('never uses 城运 without saying what it is (城市运行) in the same text', () => {
    for (const lang of ['zh-Hans', 'zh-Hant'] as const)
      expect(offending(residentStrings(lang), (s) => /城[运運]/.test(s) && !/城市[运運]行/.test(s))).toEqual([]);
  });
});

/**
 * Mainland or Hong Kong usage → the Taiwan (臺灣正體) word the kiosk uses instead.
 * Only words that could plausibly appear on these screens; extend it as you meet more.
 */
const NOT_TAIWAN: [string, string][] = [
  ['網絡', '網路'],
  ['信息', '訊息'],
  ['打印', '列印'],
  ['屏幕', '螢幕'],
  ['叫號屏', '叫號螢幕'],
  ['軟件', '軟體'],
  ['視頻', '視訊'],
  ['短信', '簡訊'],
  ['短訊', '簡訊'],
  ['默認', '預設'],
  ['設置', '設定'],
  ['服務器', '伺服器'],
  ['鏈接', '連結'],
  ['登錄', '登入'],
  ['數據', '資料'],
  ['質量', '品質'],
  ['互聯網', '網際網路'],
  ['上載', '上傳'],
  ['二維碼', 'QR Code'],
  ['攝像頭', '攝影機'],
  ['菜單', '選單'],
  ['硬盤', '硬碟'],
  ['內存', '記憶體'],
  ['聯繫', '聯絡'],
  ['小區', '社區'],
  ['身份證', '身分證'],
  ['樓道', '樓梯間'],
  ['前台', '櫃檯'],
  ['用戶', '使用者'],
  ['區里', '區裡'],
  ['裏', '裡'],
  ['綫', '線'],
  ['着', '著'],
  ['爲', '為'],
  ['衞', '衛'],
];

/** Characters that are Simplified and never correct in 繁體 here (a conversion that slipped). */
const SIMPLIFIED_ONLY = [
  ...'们这说时发号对东门车务区为话请问让认识议谁调账习乐买卖电脑网络视频图书馆个来还没间预约证医疗药费报销领补贴养护险帮办应该进过边选择输码错误离开设备员单张专业华级总结击显画语读听写气经济实观欢关闭启协长队条钟钱银宝岁残劳动纠纷维权妇儿体检签阅览讲师环节灯坏楼声运营户询复',
];

describe('繁體 in one standard: Taiwan', () => {
  it('uses the Taiwan word wherever mainland or Hong Kong usage differs', () => {
    const found = allHant().flatMap(([k, s]) =>
      NOT_TAIWAN.filter(([bad]) => s.includes(bad)).map(([bad, good]) => `${k}: "${bad}" → "${good}" in ${s}`),
    );
    expect(found).toEqual([]);
  });

  it('has no Simplified character left in any zh-Hant string', () => {
    const found = allHant().flatMap(([k, s]) =>
      [...s].filter((ch) => SIMPLIFIED_ONLY.includes(ch)).map((ch) => `${k}: ${ch} in ${s}`),
    );
    expect(found).toEqual([]);
  });
});
