// A .tsx test so it runs in happy-dom: the outbox lives in the page's localStorage.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { createKioskDatabase, type KioskDatabase } from '#renderer/db/database.ts';
import { outbox } from '#renderer/db/outbox.ts';
import { recordHelpRequest, recordNeed } from '#renderer/db/requests.ts';
import { actOnTicket, handleHelpRequest, rateTicket } from '#renderer/db/ticket-actions.ts';
import { issueTicket } from '#renderer/db/tickets.ts';
import { actionErrorText } from '#renderer/features/staff/staff-errors.ts';
import { createI18n } from '#renderer/i18n/i18n.ts';

const station = { id: 'st', utcOffsetMinutes: 480 } as StationDoc;
const service = { id: 'svc', queue: 'B' } as ServiceDoc;
const device = { deviceId: 'dev', issuingSlot: 0, issuingSlots: 1 };
const origin = { stationId: 'st', deviceId: 'dev', lang: 'zh-Hans' as const };
const staff = { at: 1, by: 'wang', counter: 'c1' };

let db: KioskDatabase;
beforeEach(async () => {
  db = await createKioskDatabase(`test-${crypto.randomUUID()}`, getRxStorageMemory());
});
afterEach(async () => {
  await db.close();
});

describe('writes mark the outbox themselves', () => {
  it('counts every write of a ticket, a rating, a help request and a need as waiting to upload', async () => {
    const before = outbox.size;
    const ticket = await issueTicket(db, { service, station, device, lang: 'zh-Hans' });
    expect(outbox.size).toBe(before + 1);
    await actOnTicket(db, ticket.id, 'call', staff);
    await rateTicket(db, ticket.id, { level: 5, reasons: [], at: 2 });
    expect(outbox.size).toBe(before + 1); // the same document, still one item
    const help = await recordHelpRequest(db, origin, { screen: 'home' });
    await handleHelpRequest(db, help.id, 'acknowledged', { id: 'wang', name: '王芳' });
    await recordNeed(db, origin, { kind: 'other' });
    expect(outbox.size).toBe(before + 3);

    outbox.confirm('tickets', [ticket.id]);
    await actOnTicket(db, ticket.id, 'start', staff);
    expect(outbox.size).toBe(before + 3);
  });

  it('marks nothing when the lifecycle refuses the action', async () => {
    const ticket = await issueTicket(db, { service, station, device, lang: 'zh-Hans' });
    outbox.confirm('tickets', [ticket.id]);
    const before = outbox.size;
    const result = await actOnTicket(db, ticket.id, 'finish', staff);
    expect(result).toMatchObject({ ok: false, error: { code: 'illegal_transition', status: 'waiting' } });
    expect(outbox.size).toBe(before);
    expect((await db.tickets.findOne(ticket.id).exec())?.status).toBe('waiting');
  });
});

describe('refused staff actions, in the staff member’s language', () => {
  it('names the ticket, its stored status and the action, with no English detail', async () => {
    const ticket = await issueTicket(db, { service, station, device, lang: 'zh-Hans' });
    await actOnTicket(db, ticket.id, 'call', staff);
    await actOnTicket(db, ticket.id, 'start', staff);
    await actOnTicket(db, ticket.id, 'finish', staff);
    // A second counter still showing it as waiting taps "call".
    const result = await actOnTicket(db, ticket.id, 'call', { ...staff, counter: 'c2' });
    if (result.ok) throw new Error('a finished ticket was called again');

    const i18n = createI18n('zh-Hans');
    const tIn = (lng: 'zh-Hans' | 'zh-Hant' | 'en') => i18n.getFixedT(lng, ['staff', 'resident']);
    expect(actionErrorText(tIn('zh-Hans'), result.error, 'call', ticket.number)).toBe(
      `没办成：${ticket.number} 号现在是“已办完”，不能“叫号”。`,
    );
    expect(actionErrorText(tIn('zh-Hant'), result.error, 'call', ticket.number)).toBe(
      `沒辦成：${ticket.number} 號現在是「已辦完」，不能「叫號」。`,
    );
    const en = actionErrorText(tIn('en'), result.error, 'call', ticket.number);
    expect(en).toBe(`Not done: ticket ${ticket.number} is “Done” now, so “Call” is not possible.`);
    expect(en).not.toContain(result.error.message);

    const missing = await actOnTicket(db, 'not-here', 'call', staff);
    if (missing.ok) throw new Error('an unknown ticket was called');
    expect(actionErrorText(tIn('zh-Hans'), missing.error, 'call', 'B009')).toContain('找不到 B009 号');
  });
});
