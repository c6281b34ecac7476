/**
 * The "follow your turn" phone page: the link's secret is checked (and a wrong one
 * reveals nothing), the page shows the resident's own number, place and turn, the
 * live updates arrive when a counter calls, and a quiet station is said to be so.
 */
import { webcrypto } from 'node:crypto';
import { afterEach, expect, it, vi } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { FOLLOW_KEY_PATH, followToken, type FollowKeyResponse, type HmacSubtle } from '#protocol/follow-link.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { buildApp } from '#server/app.ts';
import { STATION_QUIET_MINUTES } from '#server/follow/follow-view.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import {
  ADMIN_TOKEN,
  ROOMY_LIMITS,
  STAFF,
  bearer,
  catalogFile,
  expectStatus,
  stationDoc,
  step,
  ticket,
  useTestApp,
  type Wire,
} from './helpers/fixtures.ts';

const subtle = webcrypto.subtle as unknown as HmacSubtle;
const name = (n: string) => ({ 'zh-Hans': `${n}（简）`, 'zh-Hant': `${n}（繁）`, en: n });

describeEachDriver('following a ticket on a phone', (driver) => {
  const ctx = useTestApp(driver);
  afterEach(() => vi.restoreAllMocks());

  /** A station with a named counter, a kiosk, a counter device, and the kiosk's follow key. */
  async function station(id: string) {
    await ctx.createStation(id);
    await ctx.importCatalog({
      ...catalogFile(id, [], [`svc-${id}`]),
      station: { ...stationDoc(id), counters: [{ id: '1', name: name('Window 2'), queues: ['A', 'B'] }] },
    });
    const kiosk = await ctx.enrol(id, { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 });
    const counter = await ctx.enrol(id, { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
    const key = expectStatus(
      await ctx.app.inject({ method: 'GET', url: FOLLOW_KEY_PATH, headers: bearer(kiosk) }),
      200,
    ).json<FollowKeyResponse>();
    return { id, kiosk, counter, key };
  }

  async function issue(device: EnrolResponse, ticketId: string, overrides: Partial<Wire<TicketDoc>> = {}) {
    const t = ticket(device, ticketId, { serviceId: `svc-${device.stationId}`, ...overrides });
    expect((await ctx.pushReport(device, 'tickets', [{ newDocumentState: t }])).refused).toEqual([]);
    return t;
  }

  async function update(device: EnrolResponse, from: Wire<TicketDoc>, to: Wire<TicketDoc>) {
    const report = await ctx.pushReport(device, 'tickets', [{ assumedMasterState: from, newDocumentState: to }]);
    expect(report.refused).toEqual([]);
    return to;
  }

  const linkOf = async (key: string, ticketId: string) => `/t/${ticketId}.${await followToken(subtle, key, ticketId)}`;
  const open = (url: string) => ctx.app.inject({ method: 'GET', url });

  it('gives every device of a station the same key, another station another, and nobody else any', async () => {
    const a = await station('s1');
    const b = await station('s2');
    expect(a.key.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = (await ctx.app.inject({ method: 'GET', url: FOLLOW_KEY_PATH, headers: bearer(a.counter) })).json();
    expect(again).toEqual(a.key);
    expect(b.key.key).not.toBe(a.key.key);
    expect(a.key.publicUrl).toBe('http://localhost:80');
    const anonymous = await ctx.app.inject({ method: 'GET', url: FOLLOW_KEY_PATH });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain(a.key.key);
  });

  /** Finished services of earlier days, as the stations' devices synced them (written straight to the table). */
  async function history(stationId: string, count: number, minutes: number) {
    const yesterday = new Date(Date.now() - 86_400_000 + 480 * 60_000).toISOString().slice(0, 10);
    const base = Date.now() - 86_400_000;
    for (let i = 0; i < count; i++) {
      const calledAt = base + i * (minutes + 1) * 60_000;
      await ctx.repo.db.query('INSERT INTO tickets (id, station_id, lwt, doc) VALUES ($1, $2, 1, $3)', [
        `old-${i}`,
        stationId,
        JSON.stringify({
          id: `old-${i}`,
          stationId,
          day: yesterday,
          queue: 'A',
          number: `A${String(100 + i)}`,
          status: 'done',
          calledAt,
          startedAt: calledAt + 60_000,
          endedAt: calledAt + minutes * 60_000,
        }),
      ]);
    }
  }

  it('shows the number, the people ahead and the wait for the right secret, with a strict policy', async () => {
    const s = await station('s1');
    const first = await issue(s.kiosk, 'first', { issuedAt: Date.now() - 5 * 60_000 });
    await issue(s.kiosk, 'second', { issuedAt: Date.now() - 4 * 60_000 });
    const mine = await issue(s.kiosk, 'mine', { lang: 'en' });
    const link = await linkOf(s.key.key, 'mine');
    // Nobody has called yet: no window is open as far as anyone can tell.
    expect((await open(link)).body).toContain('No window is calling numbers now');
    await update(s.counter, first, step(first, 'call', { by: STAFF[0], counter: '1' }));

    const res = await open(link);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain(mine.number);
    expect(res.body).toContain('1 person ahead of you');
    // No service of this queue has finished yet: the page says so instead of guessing.
    expect(res.body).toContain('We cannot tell the wait yet');
    // The other residents' numbers are nowhere on the page.
    expect(res.body).not.toContain(first.number);
    // The switch shows the page in the other languages.
    expect((await open(`${link}?lang=zh-Hans`)).body).toContain('前面还有 1 人');

    // With enough finished services, a range in whole minutes from the station's own pace.
    await history('s1', 25, 6);
    expect((await open(link)).body).toMatch(/About \d+ to \d+ minutes/);
    expect((await open(`${link}?lang=zh-Hant`)).body).toMatch(/大約還要等 \d+ 到 \d+ 分鐘/);
  });

  it('answers a wrong secret, an unknown ticket, another station’s key and a malformed link alike, revealing nothing', async () => {
    const s = await station('s1');
    const other = await station('s2');
    const t = await issue(s.kiosk, 'mine');
    const good = await linkOf(s.key.key, 'mine');
    const token = good.split('.')[1]!;
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const answers = await Promise.all(
      [
        `/t/mine.${flipped}`,
        await linkOf(other.key.key, 'mine'),
        await linkOf(s.key.key, 'no-such-ticket'),
        `/t/mine.${token}x`,
        '/t/mine',
        `/t/mine.${flipped}/live`,
      ].map(open),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(answers[0]!.body);
      expect(res.body).not.toContain(t.number);
      expect(res.body).not.toContain('Station s1');
    }
    expect(answers[0]!.body).toContain('This link is not valid');
    expect(answers[0]!.body).toContain('这个链接无效');
    expect(answers[0]!.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('does the same work for an unknown ticket as for a wrong secret: one HMAC each', async () => {
    const s = await station('s1');
    await issue(s.kiosk, 'mine');
    const sign = vi.spyOn(webcrypto.subtle, 'sign');
    await open(`/t/mine.${'A'.repeat(22)}`);
    expect(sign).toHaveBeenCalledTimes(1);
    await open(`/t/unknown.${'A'.repeat(22)}`);
    // The unknown ticket is checked against a decoy key: no early answer to time.
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it('says "your turn" with the window when a counter calls, then "done"', async () => {
    const s = await station('s1');
    const mine = await issue(s.kiosk, 'mine');
    const link = await linkOf(s.key.key, 'mine');
    const called = await update(s.counter, mine, step(mine, 'call', { by: STAFF[0], counter: '1' }));
    const page = await open(link);
    expect(page.body).toContain('轮到您了');
    expect(page.body).toContain('请到 Window 2（简）');
    const serving = await update(s.counter, called, step(called, 'start', { by: STAFF[0] }));
    expect((await open(link)).body).toContain('正在为您办理');
    await update(s.counter, serving, step(serving, 'finish', { by: STAFF[0] }));
    expect((await open(link)).body).toContain('已办理完毕');
  });

  it(`says when it last heard from a station quiet for more than ${STATION_QUIET_MINUTES} minutes`, async () => {
    const s = await station('s1');
    await issue(s.kiosk, 'mine', { lang: 'en' });
    const link = await linkOf(s.key.key, 'mine');
    expect((await open(link)).body).not.toContain('data-testid="follow-quiet"');
    const heard = Date.now() - (STATION_QUIET_MINUTES + 5) * 60_000;
    await ctx.repo.db.query('UPDATE devices SET last_seen_at = $2 WHERE station_id = $1', [
      's1',
      new Date(heard).toISOString(),
    ]);
    const body = (await open(link)).body;
    const hhmm = new Date(heard + 480 * 60_000).toISOString().slice(11, 16);
    expect(body).toContain('data-testid="follow-quiet"');
    // The station's wall-clock time, with the date when it was another day.
    expect(body).toMatch(new RegExp(`We last heard from it at (\\d{4}-\\d\\d-\\d\\d )?${hhmm}\\.`));
  });

  it('counts a device holding a live stream as heard, though it sends nothing', async () => {
    const s = await station('s1');
    await issue(s.kiosk, 'mine', { lang: 'en' });
    const link = await linkOf(s.key.key, 'mine');
    await ctx.repo.db.query(`UPDATE devices SET last_seen_at = now() - interval '10 minutes' WHERE station_id = $1`, [
      's1',
    ]);
    expect((await open(link)).body).toContain('data-testid="follow-quiet"');
    // What the stream route does every minute for the devices that hold a stream.
    await ctx.repo.devices.noteStreaming([s.kiosk.deviceId]);
    expect((await open(link)).body).not.toContain('data-testid="follow-quiet"');
  });

  it('says a ticket of an earlier day is over once the station has moved on to a later day', async () => {
    const s = await station('s1');
    const dayBefore = Date.now() - 86_400_000;
    await issue(s.kiosk, 'old', {
      lang: 'en',
      issuedAt: dayBefore,
      day: new Date(dayBefore + 480 * 60_000).toISOString().slice(0, 10),
    });
    const link = await linkOf(s.key.key, 'old');
    // Until the station has a later day, its clock may simply be behind: the ticket still waits.
    expect((await open(link)).body).toContain('data-state="waiting"');
    await issue(s.kiosk, 'today', { lang: 'en' });
    const body = (await open(link)).body;
    expect(body).toContain('data-state="expired"');
    expect(body).toContain('This number is from an earlier day');
  });

  it('pushes the new state to an open page when the counter calls', async () => {
    const s = await station('s1');
    const mine = await issue(s.kiosk, 'mine', { lang: 'en' });
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const res = await fetch(`${address}${await linkOf(s.key.key, 'mine')}/live`, { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      const waitFor = async (text: string) => {
        while (!received.includes(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before "${text}"`);
          received += value;
        }
      };
      await waitFor('Nobody is ahead of you');
      await update(s.counter, mine, step(mine, 'call', { by: STAFF[0], counter: '1' }));
      await waitFor("It's your turn");
      expect(received).toContain('Please go to Window 2');
    } finally {
      controller.abort();
    }
  });

  it('limits how often one address may open pages', async () => {
    const s = await station('s1');
    await issue(s.kiosk, 'mine');
    const app = await buildApp({
      repo: ctx.repo,
      adminToken: ADMIN_TOKEN,
      limits: { ...ROOMY_LIMITS, followRequestsPerMinute: 3 },
    });
    try {
      const link = await linkOf(s.key.key, 'mine');
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'GET', url: link })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await app.close();
    }
  });
});
