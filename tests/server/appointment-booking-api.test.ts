/**
 * Booking through the admin API and the console, on both drivers: capacity (two
 * requests racing for the last place, exactly one wins), bad input and the
 * station's rules answered with a clear 4xx and nothing changed, the operator's
 * street scope, and an audit row for each booking and cancel. Then the real
 * client: a booking made at the district reaches an RxDB kiosk device and is
 * checked in there, and the district stores the check-in.
 */
import './helpers/node-local-storage.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BookingDay } from '#protocol/booking-api.ts';
import type { AppointmentDoc, StationDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { checkInSlotOrSkip } from '#tests/server/helpers/check-in-slot.ts';
import { checkIn, findForCheckIn } from '#renderer/db/appointments.ts';
import { describeEachDriver, TEST_DATABASE_URL } from './helpers/drivers.ts';
import { ADMIN, catalogFile, stationDoc, useTestApp } from './helpers/fixtures.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openTestDevice, type TestDevice } from './helpers/test-device.ts';

const OFFSET = 480;
const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';
/** Every day, 30-minute slots all day, two places each. */
const SLOTS: NonNullable<StationDoc['appointmentSlots']> = [
  { serviceId: 'svc-1', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:30', slotMinutes: 30, capacity: 2 },
];
const TOMORROW = stationDay(Date.now() + 86_400_000, OFFSET);
const YESTERDAY = stationDay(Date.now() - 86_400_000, OFFSET);

/** s1 books svc-1 (svc-2 takes no appointments); s2, of another street, has services of its own. */
const station = (id: string) => ({
  ...catalogFile(id, [], id === 's1' ? ['svc-1', 'svc-2'] : [`svc-${id}`]),
  station: {
    ...stationDoc(id),
    appointmentSlots: SLOTS.map((s) => ({ ...s, serviceId: id === 's1' ? 'svc-1' : `svc-${id}` })),
  },
});
const body = (overrides: Record<string, unknown> = {}) => ({
  serviceId: 'svc-1',
  day: TOMORROW,
  start: '10:00',
  name: '王阿姨',
  phoneLast4: '1234',
  ...overrides,
});

describeEachDriver('booking through the admin API and the console', (driver) => {
  const ctx = useTestApp(driver);

  const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({
      method,
      url: `/api/v1/admin${url}`,
      headers: ADMIN,
      ...(payload ? { payload } : {}),
    });

  interface Session {
    cookie: string;
    csrf: string;
  }
  const session = async (username: string): Promise<Session> => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/session',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
  };
  const consoleCall = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({
      method,
      url: `/console/api${url}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });
  const auditRows = async () =>
    ctx.repo.db.query<{ actor: string; action: string; target_id: string; station_id: string }>(
      `SELECT actor, action, target_id, station_id FROM audit_log WHERE action LIKE 'appointment_%' ORDER BY id`,
    );

  beforeEach(async () => {
    await ctx.repo.db.query('TRUNCATE audit_log, operator_sessions, sign_in_failures, operators');
    for (const id of ['s1', 's2']) {
      await ctx.createStation(id);
      await ctx.importCatalog(station(id));
    }
    await ctx.repo.db.query(`UPDATE stations SET street = CASE id WHEN 's1' THEN '花木街道' ELSE '陆家嘴街道' END`);
    for (const [username, role, street] of [
      ['admin', 'admin', ''],
      ['viewer', 'viewer', ''],
      ['huamu', 'supervisor', '花木街道'],
    ] as const)
      await ctx.repo.operators.create({ username, displayName: username, role, street, password: PASSWORD });
  });

  it('books through the admin API within capacity, lists places left, cancels, and audits each change', async () => {
    const first = await admin('POST', '/stations/s1/appointments', body());
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json<AppointmentDoc>();
    expect(a).toMatchObject({ stationId: 's1', channel: 'district', status: 'booked', name: '王阿姨' });
    expect(a.code).toMatch(/^\d{4}$/);
    expect((await admin('POST', '/stations/s1/appointments', body())).statusCode).toBe(201);
    const full = await admin('POST', '/stations/s1/appointments', body());
    expect([full.statusCode, full.json().error.code]).toEqual([409, 'slot_full']);

    const day = (await admin('GET', `/stations/s1/appointments?day=${TOMORROW}`)).json<BookingDay>();
    const svc = day.services.find((s) => s.serviceId === 'svc-1')!;
    expect(svc.slots.find((s) => s.start === '10:00')?.remaining).toBe(0);
    expect(svc.slots.find((s) => s.start === '10:30')?.remaining).toBe(2);
    expect(day.appointments).toHaveLength(2);

    const cancelled = await admin('POST', `/stations/s1/appointments/${a.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: a.id, status: 'cancelled', closedBy: 'district' });
    expect((await admin('POST', '/stations/s1/appointments', body())).statusCode).toBe(201);
    expect((await auditRows()).map((r) => [r.actor, r.action, r.station_id])).toEqual([
      ['admin-api', 'appointment_booked', 's1'],
      ['admin-api', 'appointment_booked', 's1'],
      ['admin-api', 'appointment_cancelled', 's1'],
      ['admin-api', 'appointment_booked', 's1'],
    ]);
  });

  it('answers bad input, a passed slot, an unknown service and a bad token with a 4xx and changes nothing', async () => {
    const before = await ctx.snapshot();
    const cases: [string, object, number, string][] = [
      ['unknown field', body({ extra: 1 }), 400, 'invalid_request'],
      ['no name', body({ name: '' }), 400, 'invalid_request'],
      ['long name', body({ name: 'x'.repeat(41) }), 400, 'invalid_request'],
      ['phone digits', body({ phoneLast4: '12345' }), 400, 'invalid_request'],
      ['wrong day', body({ day: '2026/01/01' }), 400, 'invalid_request'],
      ['wrong time', body({ start: '25:00' }), 400, 'invalid_request'],
      ['blank name', body({ name: '   ' }), 400, 'invalid_request'],
      ['passed slot', body({ day: YESTERDAY }), 409, 'slot_unavailable'],
      ['no such slot', body({ start: '10:10' }), 409, 'slot_unavailable'],
      ['no appointments', body({ serviceId: 'svc-2' }), 409, 'slot_unavailable'],
      ['unknown service', body({ serviceId: 'svc-9' }), 404, 'service_unknown'],
    ];
    for (const [label, payload, status, code] of cases) {
      const res = await admin('POST', '/stations/s1/appointments', payload);
      expect([res.statusCode, res.json().error?.code], label).toEqual([status, code]);
    }
    const unknown = await admin('POST', '/stations/s9/appointments', body());
    expect(unknown.statusCode).toBe(404);
    const noToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations/s1/appointments',
      payload: body(),
    });
    expect(noToken.statusCode).toBe(401);
    expect((await admin('POST', '/stations/s1/appointments/a-none/cancel')).statusCode).toBe(404);
    expect(await ctx.snapshot()).toEqual(before);
    expect(await auditRows()).toEqual([]);
  });

  it('lets exactly one of two requests racing for the last place win', async () => {
    expect((await admin('POST', '/stations/s1/appointments', body())).statusCode).toBe(201);
    const adminSession = await session('admin');
    const [viaAdmin, viaConsole] = await Promise.all([
      admin('POST', '/stations/s1/appointments', body({ name: '甲' })),
      consoleCall(adminSession, 'POST', '/stations/s1/appointments', body({ name: '乙' })),
    ]);
    expect([viaAdmin.statusCode, viaConsole.statusCode].sort()).toEqual([201, 409]);
    const day = (await admin('GET', `/stations/s1/appointments?day=${TOMORROW}`)).json<BookingDay>();
    expect(day.appointments.filter((x) => x.start === '10:00' && x.status === 'booked')).toHaveLength(2);
  });

  it('books and cancels in the console within the operator’s street, audited under their name', async () => {
    const huamu = await session('huamu');
    const booked = await consoleCall(huamu, 'POST', '/stations/s1/appointments', body());
    expect(booked.statusCode, booked.body).toBe(201);
    const a = booked.json<AppointmentDoc>();
    // Another street's station is not even confirmed to exist; a viewer only looks.
    expect((await consoleCall(huamu, 'POST', '/stations/s2/appointments', body())).statusCode).toBe(404);
    expect((await consoleCall(huamu, 'GET', `/stations/s2/appointments?day=${TOMORROW}`)).statusCode).toBe(404);
    const viewer = await session('viewer');
    expect((await consoleCall(viewer, 'POST', '/stations/s1/appointments', body())).statusCode).toBe(403);
    expect((await consoleCall(viewer, 'POST', `/stations/s1/appointments/${a.id}/cancel`)).statusCode).toBe(403);
    const seen = await consoleCall(viewer, 'GET', `/stations/s1/appointments?day=${TOMORROW}`);
    expect(seen.json<BookingDay>().appointments.map((x) => x.id)).toEqual([a.id]);
    // The code and the phone digits check a resident in: a viewer is told only that digits were left.
    const listed = seen.json<BookingDay>().appointments[0];
    expect(listed).toMatchObject({ phoneHidden: true });
    expect(listed).not.toHaveProperty('phoneLast4');
    expect(listed).not.toHaveProperty('code');
    const own = (await consoleCall(huamu, 'GET', `/stations/s1/appointments?day=${TOMORROW}`)).json<BookingDay>();
    expect(own.appointments[0]).toMatchObject({ code: a.code, phoneLast4: a.phoneLast4 });
    // Without the CSRF token nothing is booked.
    const noCsrf = await ctx.app.inject({
      method: 'POST',
      url: '/console/api/stations/s1/appointments',
      headers: { cookie: huamu.cookie },
      payload: body(),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await consoleCall(huamu, 'POST', '/stations/s1/appointments', body({ day: YESTERDAY }))).statusCode).toBe(
      409,
    );

    const cancelled = await consoleCall(huamu, 'POST', `/stations/s1/appointments/${a.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await consoleCall(huamu, 'POST', `/stations/s1/appointments/${a.id}/cancel`)).statusCode).toBe(409);
    expect((await auditRows()).map((r) => [r.actor, r.action, r.target_id])).toEqual([
      ['huamu', 'appointment_booked', a.id],
      ['huamu', 'appointment_cancelled', a.id],
    ]);
    const link = await consoleCall(huamu, 'GET', '/stations/s1/booking-link');
    expect(link.json().url).toMatch(/\/book\/[A-Za-z0-9_-]{22}$/);
    expect((await consoleCall(huamu, 'GET', '/stations/s1/booking-link')).json().url).toBe(link.json().url);
  });
});

describe('a district booking at the kiosk', () => {
  let district: LiveDistrict | undefined;
  const devices: TestDevice[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await district?.close();
  });

  it(
    'reaches a real kiosk device, which checks it in; the district stores the check-in',
    { timeout: 90_000 },
    async ({ skip }) => {
      const slot = checkInSlotOrSkip(skip, OFFSET);
      district = await startLiveDistrict(TEST_DATABASE_URL ? { databaseUrl: TEST_DATABASE_URL } : {});
      await district.admin('POST', '/stations', { id: 's1', name: 's1' });
      await district.admin('POST', '/catalog', station('s1'));
      const kiosk = await openTestDevice(await district.enrol('s1'), 'kiosk', { appointments: true });
      devices.push(kiosk);
      kiosk.startSync(district.url);
      const booked = await district.admin<AppointmentDoc>('POST', '/stations/s1/appointments', {
        ...body({ day: slot.day, start: slot.start }),
      });
      await expect
        .poll(async () =>
          Promise.all([
            kiosk.db.appointments.findOne(booked.id).exec(),
            kiosk.db.stations.findOne('s1').exec(),
            kiosk.db.services.findOne('svc-1').exec(),
          ]).then((docs) => docs.every((d) => d !== null)),
        )
        .toBe(true);
      const stationDocument = (await kiosk.db.stations.findOne('s1').exec())!.toJSON() as StationDoc;
      const service = (await kiosk.db.services.findOne('svc-1').exec())!.toJSON() as never;
      const found = await findForCheckIn(kiosk.db, stationDocument, { code: booked.code }, slot.slotAt - 5 * MINUTE);
      if (found.kind !== 'found') throw new Error(found.kind);
      const issued = await checkIn(kiosk.db, {
        appointment: found.appointment,
        service,
        station: stationDocument,
        device: kiosk.enrolment,
        lang: 'zh-Hans',
      });
      expect(issued?.appointmentId).toBe(booked.id);
      await kiosk.sync!.awaitInSync();
      await expect
        .poll(async () => {
          const day = await district!.admin<BookingDay>('GET', `/stations/s1/appointments?day=${slot.day}`);
          return day.appointments.map((a) => [a.id, a.status, a.ticketId]);
        })
        .toEqual([[booked.id, 'checked_in', issued!.id]]);
    },
  );
});
