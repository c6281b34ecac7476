/**
 * The resident's booking page on both drivers: it refuses while the station is
 * offline (never heard from, or quiet too long), walks service → day → time →
 * details when it is online, books as "phone" under the same rules (the last
 * place taken meanwhile is said plainly), shows the check-in code and nothing of
 * anyone else, and answers a link that is no station's page with one invalid page.
 */
import { beforeEach, expect, it } from 'vitest';
import type { AppointmentDoc, StationDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { ADMIN, catalogFile, stationDoc, useTestApp } from './helpers/fixtures.ts';

const OFFSET = 480;
const SLOTS: NonNullable<StationDoc['appointmentSlots']> = [
  { serviceId: 'svc-1', days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '11:00', slotMinutes: 30, capacity: 1 },
];
const TOMORROW = stationDay(Date.now() + 86_400_000, OFFSET);

describeEachDriver('the resident’s booking page', (driver) => {
  const ctx = useTestApp(driver);
  let base = '';

  const get = (url: string) => ctx.app.inject({ method: 'GET', url });
  const post = (url: string, form: Record<string, string>) =>
    ctx.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const stored = async () =>
    (await ctx.repo.db.query<{ doc: AppointmentDoc }>('SELECT doc FROM appointments')).map((r) => r.doc);

  beforeEach(async () => {
    await ctx.createStation('s1');
    await ctx.importCatalog({
      ...catalogFile('s1', [], ['svc-1', 'svc-2']),
      station: { ...stationDoc('s1'), appointmentSlots: SLOTS },
    });
    const link = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/stations/s1/booking-link', headers: ADMIN });
    base = new URL(link.json<{ url: string }>().url).pathname;
  });

  const online = async () => {
    const kiosk = await ctx.enrol('s1');
    await ctx.pull(kiosk, 'stations');
  };

  it('says plainly that booking is not possible while the station is offline, and books nothing', async () => {
    const page = await get(`${base}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="book-offline"');
    expect(page.body).not.toContain('book-services');
    const kiosk = await ctx.enrol('s1');
    await ctx.pull(kiosk, 'stations');
    // Quiet longer than the follow page's limit counts as offline too.
    await ctx.repo.db.query(`UPDATE devices SET last_seen_at = now() - interval '10 minutes'`);
    const quiet = await get(`${base}/svc-1/${TOMORROW}/0930`);
    expect(quiet.body).toContain('data-testid="book-offline"');
    const tried = await post(`${base}/svc-1/${TOMORROW}/0930`, { name: '王阿姨', phoneLast4: '1234' });
    expect(tried.statusCode).toBe(409);
    expect(await stored()).toEqual([]);
  });

  it('walks service, day, time and details, then shows the check-in code of a phone booking', async () => {
    await online();
    const services = await get(base);
    expect(services.headers['content-security-policy']).toContain("form-action 'self'");
    expect(services.headers['cache-control']).toBe('no-store');
    // Only services that take appointments.
    expect(services.body).toContain(`${base}/svc-1?lang=zh-Hans`);
    expect(services.body).not.toContain('svc-2');
    const days = await get(`${base}/svc-1?lang=en`);
    expect(days.body).toContain(`data-day="${TOMORROW}"`);
    const slots = await get(`${base}/svc-1/${TOMORROW}?lang=en`);
    expect(slots.body).toMatch(/data-start="09:30"[^>]*>09:30<span class="extra">1 place left/);
    const form = await get(`${base}/svc-1/${TOMORROW}/0930?lang=en`);
    expect(form.body).toContain('data-testid="book-form"');

    const bad = await post(`${base}/svc-1/${TOMORROW}/0930?lang=en`, { name: '  ', phoneLast4: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('book-problem');
    expect(await stored()).toEqual([]);

    const done = await post(`${base}/svc-1/${TOMORROW}/0930?lang=en`, { name: '王阿姨', phoneLast4: '5678' });
    expect(done.statusCode, done.body).toBe(201);
    const [a] = await stored();
    expect(a).toMatchObject({
      channel: 'phone',
      createdBy: 'phone',
      name: '王阿姨',
      phoneLast4: '5678',
      start: '09:30',
    });
    expect(done.body).toContain(`<p class="code" data-testid="book-code">${a!.code}</p>`);
    expect(done.body).toContain('between 09:00 and 09:40');

    // The place is gone: the time shows full, and another phone is told so and sent back to the times.
    const after = await get(`${base}/svc-1/${TOMORROW}?lang=en`);
    expect(after.body).toMatch(/data-start="09:30">09:30<span class="extra">Full/);
    expect(after.body).not.toContain('王阿姨');
    expect(after.body).not.toContain(a!.code);
    const late = await post(`${base}/svc-1/${TOMORROW}/0930?lang=en`, { name: '李先生', phoneLast4: '1111' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('book-notice');
    expect(await stored()).toHaveLength(1);
  });

  it('books once for a form sent twice (a second tap, a resend after a slow answer), and shows the one code', async () => {
    await online();
    const formAt = async (hhmm: string) => {
      const page = await get(`${base}/svc-1/${TOMORROW}/${hhmm}?lang=en`);
      return /<input type="hidden" name="token" value="([A-Za-z0-9_-]{22,})">/.exec(page.body)?.[1] ?? '';
    };
    const token = await formAt('0930');
    expect(token).not.toBe('');
    expect(await formAt('0930')).not.toBe(token);
    const details = { name: '王阿姨', phoneLast4: '5678', token };
    const first = await post(`${base}/svc-1/${TOMORROW}/0930?lang=en`, details);
    expect(first.statusCode, first.body).toBe(201);
    // The slot's one place is taken now; the same form again is shown its booking, not "full".
    const again = await post(`${base}/svc-1/${TOMORROW}/0930?lang=en`, details);
    expect(again.statusCode, again.body).toBe(200);
    const [a] = await stored();
    expect(again.body).toContain(`<p class="code" data-testid="book-code">${a!.code}</p>`);
    expect(await stored()).toHaveLength(1);

    // Two sends at once: one books, the other waits for it and shows the same booking.
    const both = { name: '李先生', phoneLast4: '1111', token: await formAt('1000') };
    const racing = await Promise.all([0, 1].map(() => post(`${base}/svc-1/${TOMORROW}/1000?lang=en`, both)));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    const b = (await stored()).find((x) => x.start === '10:00')!;
    for (const r of racing) expect(r.body).toContain(`data-testid="book-code">${b.code}</p>`);
    expect(await stored()).toHaveLength(2);

    // Another resident's form for the full slot is told so.
    const other = await post(`${base}/svc-1/${TOMORROW}/1000?lang=en`, { ...both, token: await formAt('1000') });
    expect(other.statusCode).toBe(409);
    expect(await stored()).toHaveLength(2);
  });

  it('answers a wrong key, an unknown service or a malformed step with the one invalid page', async () => {
    await online();
    const answers = await Promise.all(
      [
        '/book/AAAAAAAAAAAAAAAAAAAAAA',
        '/book/short',
        `${base}/svc-2`,
        `${base}/svc-9`,
        `${base}/svc-1/2026-99-99`,
        `${base}/svc-1/${TOMORROW}/9999`,
      ].map(get),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(answers[0]!.body);
    }
  });
});
