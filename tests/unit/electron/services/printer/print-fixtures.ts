/**
 * What the printer tests print: the demo station and its services from the real
 * demo catalog, a ticket, a quiet logger, and a tiny i18next-compatible `t` over a
 * local dictionary (the same wording as the app's locales).
 */
import { readFileSync } from 'node:fs';
import { parseCatalogText } from '#protocol/catalog.ts';
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { createLogger, type Logger } from '#services/logger.ts';
import type { TranslateFn } from '#services/printer/ticket-layout.ts';
import { collectingSink } from '#tests/unit/electron/support/temp-dir.ts';

type Dictionary = Record<string, string>;

const DICTIONARY: Record<Lang, Dictionary> = {
  'zh-Hans': {
    'paper:ticket.yourNumber': '您的号码',
    'paper:ticket.ahead_zero': '您前面没有人在等',
    'paper:ticket.ahead_other': '您前面还有 {{count}} 人',
    'paper:ticket.goTo': '请到',
    'paper:ticket.waitAt': '请到这里等候',
    'paper:ticket.watchScreen': '叫到您的号码时，叫号屏会告诉您去几号窗口',
    'paper:ticket.bring': '请准备好',
    'paper:ticket.bringNothing': '什么都不用带',
    'paper:ticket.issuedAt': '取号时间 {{time}}',
    'paper:ticket.listen': '请留意叫号屏和广播',
    'paper:ticket.priority': '优先办理',
    'paper:ticket.scanToFollow': '用手机扫码，看还要等多久',
    'paper:test.title': '打印机测试',
    'paper:test.check': '能看清这张纸上的中文、大号码和二维码，打印机就正常。',
    'paper:test.printer': '打印机：{{printer}}',
    'paper:test.time': '测试时间 {{time}}',
  },
  'zh-Hant': {
    'paper:ticket.yourNumber': '您的號碼',
    'paper:ticket.ahead_zero': '您前面沒有人在等',
    'paper:ticket.ahead_other': '您前面還有 {{count}} 人',
    'paper:ticket.goTo': '請到',
    'paper:ticket.waitAt': '請到這裡等候',
    'paper:ticket.watchScreen': '叫到您的號碼時，叫號屏會告訴您去幾號窗口',
    'paper:ticket.bring': '請準備好',
    'paper:ticket.bringNothing': '什麼都不用帶',
    'paper:ticket.issuedAt': '取號時間 {{time}}',
    'paper:ticket.listen': '請留意叫號螢幕和廣播',
    'paper:ticket.priority': '優先辦理',
    'paper:ticket.scanToFollow': '用手機掃碼，看還要等多久',
    'paper:test.title': '印表機測試',
    'paper:test.check': '能看清這張紙上的中文、大號碼和二維碼，印表機就正常。',
    'paper:test.printer': '印表機：{{printer}}',
    'paper:test.time': '測試時間 {{time}}',
  },
  en: {
    'paper:ticket.yourNumber': 'Your number',
    'paper:ticket.ahead_zero': 'Nobody is waiting ahead of you',
    'paper:ticket.ahead_one': '1 person is ahead of you',
    'paper:ticket.ahead_other': '{{count}} people are ahead of you',
    'paper:ticket.goTo': 'Please go to',
    'paper:ticket.waitAt': 'Please wait at',
    'paper:ticket.watchScreen': 'When your number is called, the screen shows which counter to go to',
    'paper:ticket.bring': 'Please have ready',
    'paper:ticket.bringNothing': "You don't need to bring anything",
    'paper:ticket.issuedAt': 'Taken at {{time}}',
    'paper:ticket.listen': 'Watch the calling screen and listen for your number',
    'paper:ticket.priority': 'Priority',
    'paper:ticket.scanToFollow': 'Scan to follow your turn',
    'paper:test.title': 'Printer test',
    'paper:test.check': 'If you can read the Chinese, the big number and the QR code, the printer works.',
    'paper:test.printer': 'Printer: {{printer}}',
    'paper:test.time': 'Tested at {{time}}',
  },
};

/** A `t` like i18next's: `lng` picks the language, `count` the plural form (`_zero` first), `{{x}}` interpolates. */
export function dictionaryT(fallbackLang: Lang = 'zh-Hans'): TranslateFn & { calls: string[] } {
  const calls: string[] = [];
  const t = (key: string, options: Record<string, unknown> = {}) => {
    calls.push(key);
    const lang = (options.lng as Lang | undefined) ?? fallbackLang;
    const dict = DICTIONARY[lang];
    let found = dict[key];
    if (typeof options.count === 'number') {
      const count = options.count;
      const form = new Intl.PluralRules(lang).select(count);
      found =
        (count === 0 ? dict[`${key}_zero`] : undefined) ?? dict[`${key}_${form}`] ?? dict[`${key}_other`] ?? found;
    }
    if (found === undefined) return key; // i18next shows a missing key as the key
    return found.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(options[name] ?? ''));
  };
  return Object.assign(t, { calls });
}

const catalogResult = parseCatalogText(
  readFileSync(new URL('../../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8'),
);
if (!catalogResult.ok) throw new Error(`demo catalog: ${catalogResult.errors.join('; ')}`);
const catalog = catalogResult.value;

/** The demo station (Meiyuan No. 1, Lujiazui). */
export const station: StationDoc = catalog.station;

/** A service of the demo catalog by id. */
export function service(id: string): ServiceDoc {
  const found = catalog.services.find((s) => s.id === id);
  if (!found) throw new Error(`no service ${id} in the demo catalog`);
  return found;
}

/** Medical reimbursement: four things to bring, long English names — a good wrapping test. */
export const reimbursement = service('gov-medical-reimbursement');

/** 2026-11-28 09:05 in Shanghai. */
export const ISSUED_AT = Date.UTC(2026, 10, 28, 1, 5);

/** A waiting ticket for `svc`, as the kiosk would have written it. */
export function ticketFor(svc: ServiceDoc, overrides: Partial<TicketDoc> = {}): TicketDoc {
  return {
    id: '3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b',
    stationId: station.id,
    deviceId: 'counter-1',
    day: '2026-11-28',
    queue: svc.queue,
    seq: 23,
    number: `${svc.queue}023`,
    serviceId: svc.id,
    channel: 'walk_up',
    lang: 'zh-Hans',
    priority: false,
    status: 'waiting',
    issuedAt: ISSUED_AT,
    callCount: 0,
    history: [{ action: 'issue', at: ISSUED_AT, by: 'staff-7', from: 'waiting', to: 'waiting' }],
    ...overrides,
  };
}

/** A logger that keeps its lines for the test instead of printing them. */
export function quietLogger(): { logger: Logger; text: () => string } {
  const sink = collectingSink();
  return {
    logger: createLogger({ filePath: null, module: 'printer', stderr: sink, minLevel: 'debug' }),
    text: sink.text,
  };
}
