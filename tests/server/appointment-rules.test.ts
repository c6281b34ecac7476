/**
 * Appointments at the district, with real pushes on both drivers: who may book,
 * check in, cancel or record a no-show; a slot holds no more than its capacity,
 * also when two bookings arrive in one push; no booking of a passed slot; codes
 * unique per station and day; nothing fixed at booking changes; an appointment's
 * ticket must carry the slot it was booked for. Each refused row keeps what was
 * stored. Then the real client: a kiosk device checks in offline-first through
 * renderer/db and the district ends up with the checked-in appointment and its ticket.
 */
import './helpers/node-local-storage.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { RefusalCode } from '#protocol/rules/refusals.ts';
import type { AppointmentDoc, StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { slotStartAt } from '#protocol/appointment-slots.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { checkInSlotOrSkip } from '#tests/server/helpers/check-in-slot.ts';
import { checkIn, findForCheckIn } from '#renderer/db/appointments.ts';
import { describeEachDriver, TEST_DATABASE_URL } from './helpers/drivers.ts';
import { STAFF, catalogFile, stationDoc, ticket, useTestApp, type Wire } from './helpers/fixtures.ts';
import { startLiveDistrict, type LiveDistrict } from './helpers/live-district.ts';
import { openTestDevice, type TestDevice } from './helpers/test-device.ts';

type Appointment = Wire<AppointmentDoc>;

const OFFSET = 480;
const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
/** Every day, 30-minute slots all day, two places each. */
const SLOTS: NonNullable<StationDoc['appointmentSlots']> = [
  { serviceId: 'svc-1', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:30', slotMinutes: 30, capacity: 2 },
];

/** A slot of tomorrow, well clear of the check-in window. */
const TOMORROW = { day: stationDay(Date.now() + 86_400_000, OFFSET), start: '10:00' };

function appointment(id: string, overrides: Partial<Appointment> = {}): Appointment {
  return {
    id,
    stationId: 's1',
    serviceId: 'svc-1',
    ...TOMORROW,
    slotMinutes: 30,
    code: String(1000 + Number(id.replace(/\D/g, '') || 0)).slice(-4),
    name: '王阿姨',
    phoneLast4: '1234',
    status: 'booked',
    channel: 'counter',
    createdBy: STAFF[0],
    createdAt: Date.now(),
    _deleted: false,
    ...overrides,
  };
}

describeEachDriver('appointment rules', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.createStation('s1');
    await ctx.importCatalog({
      ...catalogFile('s1', [], ['svc-1', 'svc-2']),
      station: { ...stationDoc('s1'), appointmentSlots: SLOTS },
    });
    return {
      kiosk: await ctx.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 2 }),
      counter: await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 }),
      display: await ctx.enrol('s1', { role: 'display' }),
    };
  };

  const stored = async (device: EnrolResponse, id: string) =>
    (await ctx.pullAll(device, 'appointments')).documents.find((d) => d.id === id);

  /** Pushes each case alone: accepted as pushed, or refused with its code and the stored state unchanged. */
  const expectOutcomes = async (
    device: EnrolResponse,
    cases: { label: string; from?: Appointment; to: Appointment; code: RefusalCode | null }[],
  ) => {
    for (const { label, from, to, code } of cases) {
      const report = await ctx.pushReport(device, 'appointments', [
        from ? { assumedMasterState: from, newDocumentState: to } : { newDocumentState: to },
      ]);
      expect(report.conflicts, label).toEqual([]);
      expect(report.refused[0]?.code ?? null, label).toBe(code);
      expect(await stored(device, to.id), label).toEqual(code === null ? to : from);
    }
  };

  it('lets counter staff book a free slot, and never a kiosk or a display', async () => {
    const { kiosk, counter, display } = await setup();
    await expectOutcomes(kiosk, [{ label: 'kiosk books', to: appointment('a1'), code: 'role_forbidden' }]);
    await expectOutcomes(display, [{ label: 'display books', to: appointment('a1'), code: 'role_forbidden' }]);
    await expectOutcomes(counter, [
      { label: 'counter books', to: appointment('a1'), code: null },
      { label: 'a made-up staff member', to: appointment('a2', { createdBy: 'ghost' }), code: 'staff_unknown' },
      { label: 'as the district', to: appointment('a3', { channel: 'district' }), code: 'issue_malformed' },
      { label: 'already checked in', to: appointment('a4', { status: 'checked_in' }), code: 'issue_malformed' },
    ]);
  });

  it('keeps a slot within its capacity, also within one push, and frees a cancelled place', async () => {
    const { counter } = await setup();
    await expectOutcomes(counter, [{ label: 'first place', to: appointment('a1'), code: null }]);
    // The second and a third booking of the same slot in one push: one place is left.
    const report = await ctx.pushReport(counter, 'appointments', [
      { newDocumentState: appointment('a2') },
      { newDocumentState: appointment('a3') },
    ]);
    expect(report.refused.map((r) => [r.id, r.code])).toEqual([['a3', 'slot_full']]);
    await expectOutcomes(counter, [
      { label: 'full slot', to: appointment('a4'), code: 'slot_full' },
      { label: 'another slot of the day', to: appointment('a5', { start: '10:30' }), code: null },
    ]);
    const a1 = (await stored(counter, 'a1')) as Appointment;
    await expectOutcomes(counter, [
      { label: 'cancel', from: a1, to: { ...a1, status: 'cancelled', closedBy: STAFF[1] }, code: null },
      { label: 'the freed place', to: appointment('a6'), code: null },
    ]);
  });

  it('refuses a passed slot, a time that is no slot, a service without slots and a code taken that day', async () => {
    const { counter } = await setup();
    const yesterday = stationDay(Date.now() - 86_400_000, OFFSET);
    await expectOutcomes(counter, [
      { label: 'yesterday', to: appointment('a1', { day: yesterday }), code: 'slot_unavailable' },
      { label: 'not on the grid', to: appointment('a2', { start: '10:10' }), code: 'slot_unavailable' },
      { label: 'wrong length', to: appointment('a3', { slotMinutes: 15 }), code: 'slot_unavailable' },
      { label: 'service without slots', to: appointment('a4', { serviceId: 'svc-2' }), code: 'slot_unavailable' },
      { label: 'first with code 7777', to: appointment('a5', { code: '7777' }), code: null },
      { label: 'same code, same day', to: appointment('a6', { code: '7777', start: '11:00' }), code: 'code_taken' },
    ]);
  });

  it('fixes who, what and when at booking; lets a kiosk only check in; never deletes', async ({ skip }) => {
    const slot = checkInSlotOrSkip(skip, OFFSET);
    const { kiosk, counter } = await setup();
    const booked = appointment('a1', { day: slot.day, start: slot.start });
    const other = appointment('a2', { day: slot.day, start: slot.start });
    await expectOutcomes(counter, [
      { label: 'book a1', to: booked, code: null },
      { label: 'book a2', to: other, code: null },
    ]);
    const checkedIn: Appointment = { ...booked, status: 'checked_in', ticketId: 't1', checkedInAt: Date.now() };
    await expectOutcomes(kiosk, [
      // Another start than the slot's own, whatever slot the clock gave (23:00 itself at 22:35–23:05).
      {
        label: 'moved to another slot',
        from: booked,
        to: { ...booked, start: slot.start === '12:00' ? '12:30' : '12:00' },
        code: 'immutable_field',
      },
      { label: 'renamed', from: booked, to: { ...booked, name: '李先生' }, code: 'immutable_field' },
      {
        label: 'kiosk cancels',
        from: booked,
        to: { ...booked, status: 'cancelled', closedBy: STAFF[0] },
        code: 'role_forbidden',
      },
      {
        label: 'check-in without a ticket',
        from: booked,
        to: { ...booked, status: 'checked_in', checkedInAt: Date.now() },
        code: 'state_mismatch',
      },
      {
        label: 'check-in long before the slot',
        from: booked,
        to: { ...checkedIn, checkedInAt: slot.slotAt - 3 * 60 * MINUTE },
        code: 'illegal_transition',
      },
      { label: 'kiosk checks in', from: booked, to: checkedIn, code: null },
      { label: 'deleted', from: checkedIn, to: { ...checkedIn, _deleted: true }, code: 'deletion_forbidden' },
    ]);
    await expectOutcomes(counter, [
      {
        label: 'cancel once checked in',
        from: checkedIn,
        to: { ...checkedIn, status: 'cancelled', closedBy: STAFF[0] },
        code: 'illegal_transition',
      },
      {
        label: 'no-show before the window closed',
        from: other,
        to: { ...other, status: 'no_show', closedBy: STAFF[0] },
        code: 'illegal_transition',
      },
    ]);
  });

  it('takes an appointment ticket only with the slot it was booked for', async ({ skip }) => {
    const slot = checkInSlotOrSkip(skip, OFFSET);
    const { kiosk, counter } = await setup();
    await expectOutcomes(counter, [
      { label: 'book', to: appointment('a1', { day: slot.day, start: slot.start }), code: null },
    ]);
    const push = async (t: Wire<TicketDoc>) =>
      (await ctx.pushReport(kiosk, 'tickets', [{ newDocumentState: t }])).refused[0]?.code ?? null;
    expect(await push(ticket(kiosk, 't0', { appointmentId: 'nope', slotAt: slot.slotAt }))).toBe(
      'appointment_mismatch',
    );
    expect(await push(ticket(kiosk, 't1', { appointmentId: 'a1', slotAt: slot.slotAt - HALF_HOUR }))).toBe(
      'appointment_mismatch',
    );
    expect(await push(ticket(kiosk, 't2', { slotAt: slot.slotAt }))).toBe('appointment_mismatch');
    expect(await push(ticket(kiosk, 't3', { waitEstimate: { lowMin: 20, highMin: 10, ahead: 3 } }))).toBe(
      'issue_malformed',
    );
    expect(await push(ticket(kiosk, 't4', { waitEstimate: { lowMin: 10, highMin: 20, ahead: 3 } }))).toBeNull();
    expect(await push(ticket(kiosk, 't5', { appointmentId: 'a1', slotAt: slot.slotAt }))).toBeNull();
  });
});

describe('appointment check-in with the real client', () => {
  let district: LiveDistrict | undefined;
  const devices: TestDevice[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await district?.close();
  });

  it(
    'a kiosk finds a booked appointment by code and by phone digits, checks in, and the district stores both',
    { timeout: 90_000 },
    async ({ skip }) => {
      const slot = checkInSlotOrSkip(skip, OFFSET);
      district = await startLiveDistrict(TEST_DATABASE_URL ? { databaseUrl: TEST_DATABASE_URL } : {});
      await district.admin('POST', '/stations', { id: 's1', name: 's1' });
      await district.admin('POST', '/catalog', {
        ...catalogFile('s1', [], ['svc-1']),
        station: { ...stationDoc('s1'), appointmentSlots: SLOTS },
      });
      const counterEnrolment = await district.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
      const booked = appointment('a1', { day: slot.day, start: slot.start, code: '4821', phoneLast4: '5678' });
      const res = await fetch(`${district.url}/api/v1/replication/appointments/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${counterEnrolment.credential}`,
          'content-type': 'application/json',
          'x-doorstep-protocol': '1',
        },
        body: JSON.stringify([{ newDocumentState: booked }]),
      });
      expect(await res.json()).toEqual([]);

      const kiosk = await openTestDevice(await district.enrol('s1', { issuingSlot: 0, issuingSlots: 2 }), 'kiosk', {
        appointments: true,
      });
      devices.push(kiosk);
      kiosk.startSync(district.url);
      await expect.poll(async () => (await kiosk.db.appointments.findOne('a1').exec()) !== null).toBe(true);
      const station = (await kiosk.db.stations.findOne('s1').exec())!.toJSON() as StationDoc;
      const service = (await kiosk.db.services.findOne('svc-1').exec())!.toJSON() as never;

      expect((await findForCheckIn(kiosk.db, station, { code: '0000' })).kind).toBe('none');
      const byPhone = await findForCheckIn(kiosk.db, station, { phoneLast4: '5678' }, slot.slotAt - 5 * MINUTE);
      expect(byPhone.kind).toBe('found');
      const found = await findForCheckIn(kiosk.db, station, { code: '4821' }, slot.slotAt - 5 * MINUTE);
      if (found.kind !== 'found') throw new Error(found.kind);
      expect(found.standing).toBe('on_time');
      const issued = await checkIn(kiosk.db, {
        appointment: found.appointment,
        service,
        station,
        device: kiosk.enrolment,
        lang: 'zh-Hans',
      });
      expect(issued?.slotAt).toBe(slotStartAt(slot.day, slot.start, OFFSET));
      // Checked in once: the same code finds nothing booked any more.
      expect((await findForCheckIn(kiosk.db, station, { code: '4821' })).kind).toBe('none');
      await kiosk.sync!.awaitInSync();

      const pulled = async (collection: string) => {
        const r = await fetch(`${district!.url}/api/v1/replication/${collection}/pull?limit=100`, {
          headers: { authorization: `Bearer ${counterEnrolment.credential}`, 'x-doorstep-protocol': '1' },
        });
        return ((await r.json()) as { documents: Record<string, unknown>[] }).documents;
      };
      await expect
        .poll(async () => (await pulled('appointments')).map((a) => [a.status, a.ticketId]))
        .toEqual([['checked_in', issued!.id]]);
      expect((await pulled('tickets')).map((t) => [t.id, t.appointmentId, t.slotAt])).toEqual([
        [issued!.id, 'a1', issued!.slotAt],
      ]);
    },
  );
});
