/**
 * Booking as the district (sync/server/appointments/district-booking.ts), on both
 * drivers: the same rules as a counter's push — a slot the station offers, not
 * passed, within capacity (also for two bookings racing for the last place, and
 * against a counter's push), a code unique that day — and a booking the
 * station's devices pull like any district write. A district cancel frees the place.
 */
import { expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { AppointmentDoc, StationDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { BookingInput, DistrictChannel } from '#server/appointments/district-booking.ts';
import { DomainError } from '#server/errors.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { STAFF, catalogFile, stationDoc, useTestApp } from './helpers/fixtures.ts';

const OFFSET = 480;
/** Weekdays and weekends, 30-minute slots 09:00–12:00, two places each. */
const TEST_SLOTS: NonNullable<StationDoc['appointmentSlots']> = [
  { serviceId: 'svc-1', days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '12:00', slotMinutes: 30, capacity: 2 },
];
const TOMORROW = stationDay(Date.now() + 86_400_000, OFFSET);
const YESTERDAY = stationDay(Date.now() - 86_400_000, OFFSET);

const booking = (overrides: Partial<BookingInput> = {}): BookingInput => ({
  serviceId: 'svc-1',
  day: TOMORROW,
  start: '10:00',
  name: '王阿姨',
  phoneLast4: '1234',
  ...overrides,
});

describeEachDriver('district booking', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.createStation('s1');
    await ctx.importCatalog({
      ...catalogFile('s1', [], ['svc-1', 'svc-2']),
      station: { ...stationDoc('s1'), appointmentSlots: TEST_SLOTS },
    });
    return { counter: await ctx.enrol('s1', { role: 'counter', issuingSlot: 0, issuingSlots: 1 }) };
  };

  const book = (input: BookingInput, by: DistrictChannel = 'district', stationId = 's1') =>
    ctx.repo.db.transaction((tx) => ctx.repo.bookings.book(tx, stationId, input, by));

  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return [error.statusCode, error.code];
      throw error;
    }
    return 'booked';
  };

  const pulled = async (device: EnrolResponse) =>
    (await ctx.pullAll(device, 'appointments')).documents as unknown as (AppointmentDoc & { _deleted: boolean })[];

  it('books a slot with a fresh code that the station devices pull, and counts it against capacity', async () => {
    const { counter } = await setup();
    const first = await book(booking());
    expect(first).toMatchObject({ status: 'booked', channel: 'district', createdBy: 'district', slotMinutes: 30 });
    expect(first.code).toMatch(/^\d{4}$/);
    const second = await book(booking({ name: '  李先生 ' }), 'phone');
    expect(second).toMatchObject({ channel: 'phone', createdBy: 'phone', name: '李先生' });
    expect(second.code).not.toBe(first.code);
    expect(await refusal(book(booking()))).toEqual([409, 'slot_full']);
    // The station's counter sees both, as any district write, and cannot squeeze a third in.
    expect((await pulled(counter)).map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
    const pushed = await ctx.pushReport(counter, 'appointments', [
      {
        newDocumentState: {
          ...first,
          id: 'a-counter',
          code: '9999',
          channel: 'counter',
          createdBy: STAFF[0],
          _deleted: false,
        },
      },
    ]);
    expect(pushed.refused.map((r) => r.code)).toEqual(['slot_full']);

    const day = await ctx.repo.bookings.day(ctx.repo.db, 's1', TOMORROW);
    expect(day.services.map((s) => [s.serviceId, s.slots.find((o) => o.start === '10:00')?.remaining])).toEqual([
      ['svc-1', 0],
    ]);
    expect(day.services[0]!.slots.find((o) => o.start === '09:30')?.remaining).toBe(2);
    expect(day.appointments.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses what a counter could not book, and writes nothing', async () => {
    await setup();
    const before = await ctx.snapshot();
    expect(await refusal(book(booking({ day: YESTERDAY })))).toEqual([409, 'slot_unavailable']);
    expect(await refusal(book(booking({ start: '10:10' })))).toEqual([409, 'slot_unavailable']);
    expect(await refusal(book(booking({ start: '13:00' })))).toEqual([409, 'slot_unavailable']);
    expect(await refusal(book(booking({ serviceId: 'svc-2' })))).toEqual([409, 'slot_unavailable']);
    expect(await refusal(book(booking({ serviceId: 'nope' })))).toEqual([404, 'service_unknown']);
    expect(await refusal(book(booking(), 'district', 'elsewhere'))).toEqual([404, 'station_unknown']);
    expect(await refusal(book(booking({ name: '   ' })))).toEqual([400, 'invalid_request']);
    expect(await refusal(book(booking({ phoneLast4: '12a4' })))).toEqual([400, 'invalid_request']);
    expect(await refusal(book(booking({ day: '2026-02-30x' })))).toEqual([400, 'invalid_request']);
    expect(await refusal(book(booking({ name: 'a\u0000b' })))).toEqual([400, 'invalid_text']);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('gives exactly one of two bookings racing for the last place', async () => {
    await setup();
    await book(booking());
    // Two repositories: on PostgreSQL two sessions, each waiting for the other's booking lock.
    const other = await ctx.storage.open();
    const outcomes = await Promise.all([
      refusal(book(booking({ name: '甲' }))),
      refusal(other.db.transaction((tx) => other.bookings.book(tx, 's1', booking({ name: '乙' }), 'phone'))),
    ]);
    expect(outcomes.sort()).toEqual([[409, 'slot_full'], 'booked'].sort());
    const day = await ctx.repo.bookings.day(ctx.repo.db, 's1', TOMORROW);
    expect(day.appointments.filter((a) => a.start === '10:00')).toHaveLength(2);
  });

  it('cancels a booked appointment, freeing its place, and nothing closed or of another station', async () => {
    const { counter } = await setup();
    const a = await book(booking());
    await book(booking());
    const cancel = (id: string, stationId = 's1') =>
      ctx.repo.db.transaction((tx) => ctx.repo.bookings.cancel(tx, stationId, id));
    expect(await refusal(cancel(a.id, 's2'))).toEqual([404, 'appointment_unknown']);
    const { before, after } = await cancel(a.id);
    expect(before.status).toBe('booked');
    expect(after).toEqual({ ...a, status: 'cancelled', closedBy: 'district' });
    expect(await refusal(cancel(a.id))).toEqual([409, 'appointment_closed']);
    expect(await refusal(cancel('a-none'))).toEqual([404, 'appointment_unknown']);
    expect((await pulled(counter)).find((d) => d.id === a.id)?.status).toBe('cancelled');
    expect(await refusal(book(booking()))).toBe('booked');
  });
});
