/** Enrolment codes: one-time, expiring, bound to a station, a role and an issuing slot. */
import { expect, it } from 'vitest';
import { describeEachDriver } from './helpers/drivers.ts';
import { ADMIN, bearer, useTestApp } from './helpers/fixtures.ts';

describeEachDriver('device enrolment', (driver) => {
  const ctx = useTestApp(driver);

  const issue = async (stationId: string, payload: object = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/admin/stations/${stationId}/enrolment-codes`,
      headers: ADMIN,
      payload,
    });
  const enrol = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload });

  it('trades a code for a working credential, once', async () => {
    await ctx.createStation('s1');
    const issued = await issue('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
    expect(issued.statusCode).toBe(201);
    const { code, expiresAt } = issued.json();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const inSevenDays = Date.now() + 7 * 24 * 3_600_000;
    expect(Math.abs(Date.parse(expiresAt) - inSevenDays)).toBeLessThan(60_000);

    const res = await enrol({ code, deviceName: 'Counter 2', role: 'counter' });
    expect(res.statusCode).toBe(201);
    const device = res.json();
    expect(device).toEqual({
      deviceId: expect.any(String),
      stationId: 's1',
      credential: expect.stringMatching(/^dsk_/),
      issuingSlot: 1,
      issuingSlots: 2,
      role: 'counter',
    });
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/replication/tickets/pull', headers: bearer(device) }))
        .statusCode,
    ).toBe(200);

    const again = await enrol({ code });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('enrolment_code_used');
  });

  it('stores only hashes of codes and credentials', async () => {
    await ctx.createStation('s1');
    const { code } = (await issue('s1')).json();
    const device = (await enrol({ code })).json();
    const dump = JSON.stringify(await ctx.snapshot());
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(device.credential);
  });

  it('forgives case, spaces and look-alike letters in a typed code', async () => {
    await ctx.createStation('s1');
    const { code } = (await issue('s1')).json() as { code: string };
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
    expect((await enrol({ code: typed })).statusCode).toBe(201);
  });

  it('rejects unknown and expired codes with their own errors', async () => {
    await ctx.createStation('s1');
    const unknown = await enrol({ code: 'AAAA-BBBB-CCCC' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('enrolment_code_unknown');

    const { code } = (await issue('s1', { expiresInHours: 1 })).json();
    await ctx.repo.db.query(`UPDATE enrolment_codes SET expires_at = now() - interval '1 second'`);
    const before = await ctx.snapshot();
    const expired = await enrol({ code });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('enrolment_code_expired');
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('refuses a role the code was not issued for', async () => {
    await ctx.createStation('s1');
    const { code } = (await issue('s1', { role: 'display' })).json();
    const res = await enrol({ code, role: 'kiosk' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('enrolment_role_mismatch');
    expect((await enrol({ code, role: 'display' })).statusCode).toBe(201);
  });

  it('keeps issuing slots unique and consistent within a station', async () => {
    await ctx.createStation('s1');
    await ctx.enrol('s1', { issuingSlot: 0, issuingSlots: 2 });

    const taken = await issue('s1', { issuingSlot: 0, issuingSlots: 2 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({
      code: 'issuing_slot_taken',
      message: expect.stringContaining('free slots: 1'),
    });

    const mismatch = await issue('s1', { issuingSlot: 1, issuingSlots: 3 });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error.code).toBe('issuing_slots_mismatch');

    // Two codes for one free slot: the second redemption finds it taken.
    const a = (await issue('s1', { issuingSlot: 1, issuingSlots: 2 })).json().code;
    const b = (await issue('s1', { issuingSlot: 1, issuingSlots: 2 })).json().code;
    expect((await enrol({ code: a })).statusCode).toBe(201);
    const late = await enrol({ code: b });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('issuing_slot_taken');

    // A calling display issues no tickets and needs no slot of its own.
    expect((await issue('s1', { role: 'display', issuingSlot: 0, issuingSlots: 2 })).statusCode).toBe(201);
  });

  it('issues a kiosk code for slot 0 of 1 when asked with an empty request', async () => {
    await ctx.createStation('s1');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations/s1/enrolment-codes',
      headers: ADMIN,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ stationId: 's1', role: 'kiosk', issuingSlot: 0, issuingSlots: 1 });
  });

  it('validates the code request', async () => {
    await ctx.createStation('s1');
    const bad = await issue('s1', { issuingSlot: 3, issuingSlots: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_issuing_slot');
    const unknownStation = await issue('nowhere');
    expect(unknownStation.statusCode).toBe(404);
    expect(unknownStation.json().error.code).toBe('station_unknown');
    const unknownField = await issue('s1', { slot: 1 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error).toMatchObject({
      code: 'invalid_request',
      details: [expect.stringContaining('"slot"')],
    });
  });

  it('rejects malformed enrolment requests without creating anything', async () => {
    await ctx.createStation('s1');
    const { code } = (await issue('s1')).json();
    const before = await ctx.snapshot();
    const cases = [
      { payload: '{"code": ', type: 'application/json', error: 'invalid_json' },
      { payload: JSON.stringify({ code: 12 }), type: 'application/json', error: 'invalid_request' },
      { payload: JSON.stringify({ code, admin: true }), type: 'application/json', error: 'invalid_request' },
      { payload: JSON.stringify({ code, role: 'boss' }), type: 'application/json', error: 'invalid_request' },
      { payload: `code=${code}`, type: 'application/x-www-form-urlencoded', error: 'unsupported_media_type' },
    ];
    for (const c of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        payload: c.payload,
        headers: { 'content-type': c.type },
      });
      expect(res.statusCode, c.payload).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, c.payload).toBeLessThan(500);
      expect(res.json().error.code, c.payload).toBe(c.error);
    }
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('answers a NUL in the device name with 400 and enrols nothing', async () => {
    await ctx.createStation('s1');
    const { code } = (await issue('s1')).json();
    const res = await enrol({ code, deviceName: 'kiosk\u0000one' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_text');
    expect((await enrol({ code, deviceName: 'kiosk one' })).statusCode).toBe(201);
  });
});
