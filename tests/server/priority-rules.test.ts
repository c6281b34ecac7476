/**
 * The priority lane's rules at the district, with real pushes on both drivers: a
 * kiosk issues a priority ticket only where the station offers the lane; a
 * counter's staff issue one, or move a waiting resident into the lane or out of
 * it, anywhere; nothing else sets or clears it, and it never touches the number.
 * Each refused row keeps what was stored (checked by pulling it back).
 */
import { expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { RefusalCode } from '#protocol/rules/refusals.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { issueEntry } from '#protocol/ticket-lifecycle.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import {
  ADMIN,
  STAFF,
  TODAY_AT,
  catalogFile,
  stationDoc,
  step,
  ticket,
  useTestApp,
  type Wire,
} from './helpers/fixtures.ts';

type Ticket = Wire<TicketDoc>;

const LANE_ON: NonNullable<StationDoc['callPolicy']> = {
  priority: {
    enabled: true,
    qualifies: { minAge: 70, disabled: true, pregnant: true },
    everyN: 2,
    maxExtraWaitMinutes: 15,
  },
  appointments: { earlyMinutes: 30, lateMinutes: 10 },
};

describeEachDriver('priority lane rules', (driver) => {
  const ctx = useTestApp(driver);

  /** Station s1, with the lane on or off, and one device of each role. */
  const setup = async (lane: boolean) => {
    await ctx.createStation('s1');
    await ctx.importCatalog({
      ...catalogFile('s1', [], ['svc-s1']),
      station: lane ? { ...stationDoc('s1'), callPolicy: LANE_ON } : stationDoc('s1'),
    });
    return {
      kiosk: await ctx.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 3 }),
      counter: await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 3 }),
      display: await ctx.enrol('s1', { role: 'display' }),
    };
  };

  /** Pushes each case alone and checks its outcome: accepted as pushed, or refused with its code and nothing changed. */
  const expectOutcomes = async (
    device: EnrolResponse,
    cases: { label: string; from?: Ticket; to: Ticket; code: RefusalCode | null }[],
  ) => {
    for (const { label, from, to, code } of cases) {
      const report = await ctx.pushReport(device, 'tickets', [
        from ? { assumedMasterState: from, newDocumentState: to } : { newDocumentState: to },
      ]);
      expect(report.conflicts, label).toEqual([]);
      expect(report.refused[0]?.code ?? null, label).toBe(code);
      const pulled = (await ctx.pullAll(device, 'tickets')).documents.find((d) => d.id === to.id);
      expect(pulled, label).toEqual(code === null ? to : from);
    }
  };

  const storedAs = async (device: EnrolResponse, t: Ticket) => {
    expect((await ctx.pushReport(device, 'tickets', [{ newDocumentState: t }])).refused).toEqual([]);
    return t;
  };

  it('lets a kiosk issue a priority ticket only where the station offers the lane', async () => {
    const off = await setup(false);
    await expectOutcomes(off.kiosk, [
      { label: 'kiosk, lane off, priority', to: ticket(off.kiosk, 'k1', { priority: true }), code: 'issue_malformed' },
      { label: 'kiosk, lane off, regular', to: ticket(off.kiosk, 'k2'), code: null },
    ]);
    const walkUp = (id: string) =>
      ticket(off.counter, id, { channel: 'walk_up', priority: true, history: [issueEntry(TODAY_AT, STAFF[0])] });
    // Staff decide at the counter, whatever the kiosk offers.
    await expectOutcomes(off.counter, [{ label: 'counter, lane off, priority', to: walkUp('c1'), code: null }]);
    await expectOutcomes(off.display, [
      { label: 'display issues priority', to: ticket(off.display, 'd1', { priority: true }), code: 'role_forbidden' },
    ]);
  });

  it('takes a kiosk priority ticket where the lane is on, with its number from the slot like any other', async () => {
    const { kiosk } = await setup(true);
    const regular = ticket(kiosk, 'r1');
    const priority = ticket(kiosk, 'p1', { priority: true, issuedAt: TODAY_AT + 1 });
    priority.history = [issueEntry(priority.issuedAt, kiosk.deviceId)];
    await expectOutcomes(kiosk, [
      { label: 'regular first', to: regular, code: null },
      { label: 'priority next', to: priority, code: null },
    ]);
    expect([regular.number, priority.number]).toEqual(['A001', 'A002']);
  });

  it('lets only counter staff move a waiting ticket into the lane and out of it, never the number', async () => {
    const { kiosk, counter, display } = await setup(true);
    const [w1, w2, w3, w4, w5, w6] = await Promise.all(
      ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map((id) => storedAs(kiosk, ticket(kiosk, id))),
    );
    const p1 = await storedAs(kiosk, ticket(kiosk, 'p1', { priority: true }));
    const c1 = await storedAs(kiosk, ticket(kiosk, 'c1'));
    const called = step(c1, 'call');
    expect(
      (await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: c1, newDocumentState: called }])).refused,
    ).toEqual([]);
    const up = (t: Ticket, by: string = STAFF[0]) => step(t, 'upgrade', { by });
    const forged = (t: Ticket, action: 'upgrade' | 'downgrade', priority: boolean): Ticket => ({
      ...t,
      priority,
      history: [...t.history, { action, at: TODAY_AT + 60_000, by: STAFF[0], from: t.status, to: t.status }],
    });
    await expectOutcomes(kiosk, [{ label: 'kiosk upgrades', from: w1!, to: up(w1!), code: 'role_forbidden' }]);
    await expectOutcomes(display, [{ label: 'display upgrades', from: w1!, to: up(w1!), code: 'role_forbidden' }]);
    await expectOutcomes(counter, [
      { label: 'counter upgrades a waiting ticket', from: w1!, to: up(w1!), code: null },
      { label: 'counter downgrades a priority ticket', from: p1, to: step(p1, 'downgrade'), code: null },
      {
        label: 'upgrade of a priority ticket',
        from: up(w1!),
        to: forged(up(w1!), 'upgrade', true),
        code: 'illegal_transition',
      },
      {
        label: 'downgrade of a regular ticket',
        from: w2!,
        to: forged(w2!, 'downgrade', false),
        code: 'illegal_transition',
      },
      { label: 'upgrade once called', from: called, to: forged(called, 'upgrade', true), code: 'illegal_transition' },
      {
        label: 'upgrade entry, priority left off',
        from: w3!,
        to: forged(w3!, 'upgrade', false),
        code: 'state_mismatch',
      },
      { label: 'upgrade that renumbers', from: w4!, to: { ...up(w4!), number: 'A900' }, code: 'immutable_field' },
      { label: 'upgrade by a made-up name', from: w5!, to: up(w5!, 'ghost'), code: 'staff_unknown' },
      { label: 'priority set without a step', from: w6!, to: { ...w6!, priority: true }, code: 'state_mismatch' },
    ]);
    // Issued and upgraded offline, then pushed at once: the replay starts from the regular ticket it was.
    const offline = step(
      ticket(counter, 'o1', { channel: 'phone', history: [issueEntry(TODAY_AT, STAFF[1])] }),
      'upgrade',
      { by: STAFF[1] },
    );
    await expectOutcomes(counter, [{ label: 'issued and upgraded offline', to: offline, code: null }]);
    expect(offline.priority).toBe(true);
  });

  it('refuses a station policy devices could not use, and changes nothing', async () => {
    await setup(true);
    const before = await ctx.snapshot();
    for (const priority of [
      { ...LANE_ON.priority, everyN: 0 },
      { ...LANE_ON.priority, maxExtraWaitMinutes: -5 },
      { ...LANE_ON.priority, qualifies: { minAge: 7, disabled: true, pregnant: false } },
      { enabled: true },
    ]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog',
        headers: ADMIN,
        payload: {
          ...catalogFile('s1', [], ['svc-s1']),
          station: { ...stationDoc('s1'), callPolicy: { ...LANE_ON, priority } },
        },
      });
      expect(res.statusCode, JSON.stringify(priority)).toBe(400);
    }
    expect(await ctx.snapshot()).toEqual(before);
  });
});
