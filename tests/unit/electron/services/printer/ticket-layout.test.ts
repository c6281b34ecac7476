import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import type { ServiceDoc } from '#protocol/schemas.ts';
import type { TextBlock } from '#services/printer/print-document.ts';
import { textColumns, wrapColumns } from '#services/printer/text-columns.ts';
import { PRINT_TEXT_KEYS, largestScale, testTicketDocument, ticketDocument } from '#services/printer/ticket-layout.ts';
import { dictionaryT, reimbursement, service, station, ticketFor } from './print-fixtures.ts';

const textBlocks = (blocks: readonly { kind: string }[]) => blocks.filter((b): b is TextBlock => b.kind === 'text');
const squash = (text: string) => text.replace(/\s+/g, '');

describe('printed width', () => {
  it('counts ASCII as one column and every other character as two', () => {
    expect(textColumns('A023')).toBe(4);
    expect(textColumns('您的号码')).toBe(8);
    expect(textColumns('您前面还有 3 人')).toBe(15);
    // Printed in Chinese mode, so full width even where Unicode calls them narrow.
    expect(textColumns('…·é')).toBe(6);
  });

  it('wraps Chinese between any two characters, counting each as two columns', () => {
    expect(wrapColumns('一二三四五六七八九十', 10)).toEqual(['一二三四五', '六七八九十']);
    expect(wrapColumns('一二三四五六七八九十', 9)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('keeps English words whole and drops the space at a break', () => {
    expect(wrapColumns('Watch the calling screen and listen for your number', 24)).toEqual([
      'Watch the calling screen',
      'and listen for your',
      'number',
    ]);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = wrapColumns('请带上身份证、户口本，还有病历。', 12);
    expect(lines.every((line) => !/^[，。、]/.test(line))).toBe(true);
    expect(lines.every((line) => textColumns(line) <= 12)).toBe(true);
    expect(lines.join('')).toBe('请带上身份证、户口本，还有病历。');
  });

  it('splits a token longer than a whole line', () => {
    expect(wrapColumns('3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b', 16)).toEqual([
      '3f2b8c1e-9d4a-4f',
      '6b-8e2a-1c5d7e9f',
      '0a3b',
    ]);
  });

  it('fits every line and loses no character, whatever the text', () => {
    const char = fc.constantFrom(...'ab Z9-,.号码，。（）身份證…'.split(''), ' ', '\n');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 120 }).map((a) => a.join('')),
        fc.integer({ min: 4, max: 48 }),
        (value, columns) => {
          const lines = wrapColumns(value, columns);
          expect(lines.every((line) => textColumns(line) <= columns)).toBe(true);
          expect(squash(lines.join(''))).toBe(squash(value));
        },
      ),
    );
  });
});

describe('ticket layout', () => {
  const ticket = ticketFor(reimbursement);

  it('prints the number at the largest size that fits 48 columns, and nothing wider than the paper', () => {
    for (const lang of LANGUAGES) {
      const doc = ticketDocument({ ticket, service: reimbursement, station, lang, t: dictionaryT(), peopleAhead: 3 });
      const lines = textBlocks(doc.blocks);
      const number = lines.find((b) => b.text === 'B023')!;
      expect(number.scale).toBe(8);
      expect(largestScale('B023')).toBe(8);
      expect(Math.max(...lines.map((b) => b.scale))).toBe(8);
      for (const line of lines) expect(textColumns(line.text) * line.scale, line.text).toBeLessThanOrEqual(48);
      expect(doc.blocks.at(-1)).toEqual({ kind: 'cut' });
    }
  });

  it('says what the resident needs, in the ticket language, through the injected t', () => {
    const t = dictionaryT('en');
    const doc = ticketDocument({ ticket, service: reimbursement, station, lang: 'zh-Hant', t, peopleAhead: 3 });
    const paper = squash(
      textBlocks(doc.blocks)
        .map((b) => b.text)
        .join('\n'),
    );
    for (const expected of [
      '您的號碼',
      '醫藥費報銷',
      '您前面還有3人',
      '請到這裡等候',
      '一樓大廳等候區',
      '叫到您的號碼時，叫號屏會告訴您去幾號窗口',
      '請準備好',
      '社保卡',
      '病歷',
      '發票',
      '費用清單',
      '請留意叫號螢幕和廣播',
      '取號時間2026-11-2809:05',
    ]) {
      expect(paper).toContain(expected);
    }
    expect(t.calls.every((key) => (Object.values(PRINT_TEXT_KEYS) as string[]).includes(key))).toBe(true);
    expect(doc.blocks.filter((b) => b.kind === 'qr')).toEqual([
      { kind: 'qr', data: ticket.id, align: 'center', moduleSize: 6, errorLevel: 'M' },
    ]);
  });

  it('marks a priority-lane ticket right under its number, and only such a ticket', () => {
    for (const lang of LANGUAGES) {
      const lines = (priority: boolean) =>
        textBlocks(
          ticketDocument({
            ticket: { ...ticket, priority },
            service: reimbursement,
            station,
            lang,
            t: dictionaryT(),
            peopleAhead: 3,
          }).blocks,
        ).map((b) => b.text);
      const marked = lines(true);
      const mark = { 'zh-Hans': '优先办理', 'zh-Hant': '優先辦理', en: 'Priority' }[lang];
      expect(marked[marked.indexOf('B023') + 1], lang).toBe(mark);
      expect(lines(false), lang).not.toContain(mark);
    }
  });

  it('puts the phone link in the QR code when the device has one, and says what it is for', () => {
    const t = dictionaryT('en');
    const followUrl = `https://queue.example/t/${ticket.id}.AAAAAAAAAAAAAAAAAAAAAA`;
    const doc = ticketDocument({
      ticket,
      service: reimbursement,
      station,
      lang: 'zh-Hans',
      t,
      peopleAhead: 3,
      followUrl,
    });
    expect(doc.blocks.filter((b) => b.kind === 'qr')).toEqual([
      { kind: 'qr', data: followUrl, align: 'center', moduleSize: 6, errorLevel: 'M' },
    ]);
    const paper = squash(
      textBlocks(doc.blocks)
        .map((b) => b.text)
        .join(''),
    );
    expect(paper).toContain('用手机扫码，看还要等多久');
    // The id in letters stays, for staff when a scanner cannot read the code.
    expect(paper).toContain(squash(ticket.id));
  });

  it('never names a counter chosen at issue time: several counters serve queue B, one serves queue D', () => {
    const printed = (svc: ServiceDoc, lang: Lang) =>
      squash(
        textBlocks(ticketDocument({ ticket: ticketFor(svc), service: svc, station, lang, t: dictionaryT() }).blocks)
          .map((b) => b.text)
          .join('\n'),
      );
    // Queue B is served by counters 1 and 2: whichever calls first is the right one.
    const b = printed(reimbursement, 'zh-Hans');
    expect(b).not.toMatch(/\d号窗口/);
    expect(b).toContain('请到这里等候一楼大厅等候区');
    expect(b).toContain('叫号屏会告诉您去几号窗口');
    // Queue D has one room: the ticket sends the resident straight there.
    const legal = service('legal-lawyer-consultation');
    expect(printed(legal, 'zh-Hans')).toContain('请到法律服务室（二楼）');
    expect(printed(legal, 'en')).not.toContain('which counter');
  });

  it('wraps long English items with a hanging indent', () => {
    const doc = ticketDocument({
      ticket,
      service: reimbursement,
      station,
      lang: 'en',
      t: dictionaryT(),
      peopleAhead: 0,
    });
    const lines = textBlocks(doc.blocks).map((b) => b.text);
    expect(lines).toContain('·Social security card');
    expect(lines).toContain('Nobody is waiting ahead');
  });

  it('says when nothing needs to be brought, and leaves out what it does not know', () => {
    const study = service('party-study-session');
    const doc = ticketDocument({
      ticket: ticketFor(study, { queue: 'Z' }),
      service: study,
      station,
      lang: 'zh-Hans',
      t: dictionaryT(),
    });
    const paper = textBlocks(doc.blocks).map((b) => b.text);
    expect(paper).toContain('什么都不用带');
    expect(paper.some((line) => line.includes('前面'))).toBe(false);
    expect(paper).not.toContain('请到');
  });

  it('lays out a test ticket with a full-width ruler, both scripts and a QR code', () => {
    const doc = testTicketDocument({
      lang: 'zh-Hans',
      t: dictionaryT(),
      printer: '192.168.1.50:9100',
      at: Date.UTC(2026, 10, 28, 2, 30),
    });
    const lines = textBlocks(doc.blocks).map((b) => b.text);
    expect(lines).toContain('打印机测试');
    expect(lines).toContain('打印机：192.168.1.50:9100');
    expect(lines).toContain('测试时间 2026-11-28 10:30');
    expect(lines.some((line) => textColumns(line) === 48 && /^1234567890/.test(line))).toBe(true);
    expect(doc.blocks.some((b) => b.kind === 'qr')).toBe(true);
  });
});
