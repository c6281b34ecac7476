/**
 * The queue's rules at the district, with real pushes on both drivers: every role ×
 * every action × every state, legal ones accepted, illegal ones refused per row with
 * their code while the rest of the batch lands, and nothing changed by a refusal
 * (checked by pulling and by SQL); then forged histories, edited numbers and
 * queues, deletions, duplicate and out-of-slot numbers, bad days.
 */
import { expect, it } from 'vitest';
import type { DeviceRole, EnrolResponse } from '#protocol/enrolment.ts';
import type { RefusalCode } from '#protocol/rules/refusals.ts';
import { CLOCK_AHEAD_TOLERANCE_MS } from '#protocol/rules/context.ts';
import type { HelpRequestDoc, TicketDoc } from '#protocol/schemas.ts';
import {
  TICKET_ACTIONS,
  TICKET_STATUSES,
  applyTicketAction,
  canApplyTo,
  issueEntry,
  type TicketAction,
  type TicketStatus,
} from '#protocol/ticket-lifecycle.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import {
  STAFF,
  TODAY_AT,
  catalogFile,
  helpRequest,
  need,
  stationDoc,
  step,
  ticket,
  useTestApp,
  type Wire,
} from './helpers/fixtures.ts';

type Ticket = Wire<TicketDoc>;
type Step = Exclude<TicketAction, 'issue'>;
type Action = Step | 'rate';

const STEPS = TICKET_ACTIONS.filter((a): a is Step => a !== 'issue');
const ACTIONS: readonly Action[] = [...STEPS, 'rate'];
const ROLES: readonly DeviceRole[] = ['kiosk', 'counter', 'display'];
/** The counter's steps that bring a new ticket into each state. */
const PATH: Record<TicketStatus, Step[]> = {
  waiting: [],
  called: ['call'],
  serving: ['call', 'start'],
  done: ['call', 'start', 'finish'],
  no_show: ['call', 'no_show'],
  cancelled: ['cancel'],
};
const TARGET: Record<Step, TicketStatus> = {
  call: 'called',
  recall: 'called',
  start: 'serving',
  finish: 'done',
  no_show: 'no_show',
  cancel: 'cancelled',
  transfer: 'waiting',
  reactivate: 'waiting',
  upgrade: 'waiting',
  downgrade: 'waiting',
};

/** The ticket after `action`: the lifecycle's own result when legal, a hand-made step when not. */
function attempt(t: Ticket, action: Action): Ticket {
  const at = (t.history.at(-1)?.at ?? t.issuedAt) + 60_000;
  if (action === 'rate') return { ...t, rating: { level: 5, reasons: [], at } };
  const ctx = { at, by: STAFF[0], counter: '1', ...(action === 'transfer' ? { queue: 'B' } : {}) };
  const legal = applyTicketAction(t, action, ctx);
  if (legal.ok) return legal.value;
  const entry = { action, at, by: STAFF[0], from: t.status, to: TARGET[action] };
  return { ...t, status: TARGET[action], history: [...t.history, entry] };
}

/** What the rules say, written plainly: the code a role gets for an action from a state, or null when legal. */
function expectedCode(role: DeviceRole, state: TicketStatus, action: Action): RefusalCode | null {
  if (role !== 'counter') return 'role_forbidden';
  if (action === 'rate') return state === 'done' ? null : 'rating_not_finished';
  // The stored tickets are regular ones: an upgrade is legal from waiting, a downgrade never.
  return canApplyTo({ status: state, priority: false }, action) ? null : 'illegal_transition';
}

describeEachDriver('queue rules', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    return {
      kiosk: await ctx.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 3 }),
      counter: await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 3 }),
      display: await ctx.enrol('s1', { role: 'display' }),
    };
  };

  /** A ticket the counter issued to a walk-up resident and moved to `state`. */
  const inState = (counter: EnrolResponse, id: string, state: TicketStatus): Ticket => {
    let t = ticket(counter, id, { channel: 'walk_up', history: [issueEntry(TODAY_AT, STAFF[0])] });
    for (const action of PATH[state]) t = step(t, action);
    return t;
  };

  const storedRows = async (table: string) => {
    const rows = await ctx.repo.db.query<{ id: string; lwt: unknown; deleted: boolean; doc: unknown }>(
      `SELECT id, lwt, deleted, doc FROM ${table} ORDER BY id`,
    );
    return new Map(rows.map((r) => [r.id, { lwt: String(r.lwt), deleted: r.deleted, doc: r.doc }]));
  };

  /** Pushes rows as `device` and checks each: accepted rows stored as pushed, refused ones unchanged and recorded. */
  const pushAndCheck = async (
    device: EnrolResponse,
    collection: 'tickets' | 'helpRequests' | 'needs',
    cases: {
      label: string;
      row: { assumedMasterState?: unknown; newDocumentState: { id: string } & Record<string, unknown> };
      code: RefusalCode | null;
    }[],
  ) => {
    const table = { tickets: 'tickets', helpRequests: 'help_requests', needs: 'needs' }[collection];
    const before = await storedRows(table);
    const report = await ctx.pushReport(
      device,
      collection,
      cases.map((c) => c.row),
    );
    expect(report.conflicts).toEqual([]);
    const refused = new Map(report.refused.map((r) => [r.id, r]));
    const after = await storedRows(table);
    const pulled = new Map((await ctx.pullAll(device, collection)).documents.map((d) => [d.id, d]));
    const recorded = await ctx.repo.refusals.list({ deviceId: device.deviceId, limit: 1000 });
    for (const { label, row, code } of cases) {
      const id = row.newDocumentState.id;
      expect(refused.get(id)?.code ?? null, label).toBe(code);
      if (code === null) {
        expect(pulled.get(id), `${label}: pulled as pushed`).toEqual(row.newDocumentState);
      } else {
        expect(refused.get(id)!.message, label).toEqual(expect.any(String));
        expect(after.get(id), `${label}: SQL row unchanged`).toEqual(before.get(id));
        const stored = before.get(id);
        expect(pulled.get(id), `${label}: pull unchanged`).toEqual(
          stored ? { ...(stored.doc as object), _deleted: stored.deleted } : undefined,
        );
        expect(
          recorded.some((r) => r.docId === id && r.rule === code && r.collection === collection),
          `${label}: recorded`,
        ).toBe(true);
      }
    }
  };

  /** The same, one push per case: for several attempts on one stored document. */
  const eachAlone: typeof pushAndCheck = async (device, collection, cases) => {
    for (const c of cases) await pushAndCheck(device, collection, [c]);
  };

  it('applies the role × action table to tickets from every state', async () => {
    const devices = await setup();
    for (const state of TICKET_STATUSES) {
      const stored: Ticket[] = [];
      for (const role of ROLES)
        for (const action of ACTIONS) stored.push(inState(devices.counter, `${state}-${role}-${action}`, state));
      expect(
        (
          await ctx.pushReport(
            devices.counter,
            'tickets',
            stored.map((t) => ({ newDocumentState: t })),
          )
        ).refused,
      ).toEqual([]);
      for (const role of ROLES) {
        // One batch per role and state: legal and illegal rows side by side.
        await pushAndCheck(
          devices[role],
          'tickets',
          ACTIONS.map((action) => {
            const current = stored.find((t) => t.id === `${state}-${role}-${action}`)!;
            return {
              label: `${role} ${action} from ${state}`,
              row: { assumedMasterState: current, newDocumentState: attempt(current, action) },
              code: expectedCode(role, state, action),
            };
          }),
        );
      }
    }
  });

  it('lets kiosks and counters issue, in their own name, and never a display', async () => {
    const { kiosk, counter, display } = await setup();
    await pushAndCheck(kiosk, 'tickets', [
      { label: 'kiosk issues', row: { newDocumentState: ticket(kiosk, 'k1') }, code: null },
      {
        label: 'kiosk issues in a staff name',
        row: { newDocumentState: ticket(kiosk, 'k2', { history: [issueEntry(TODAY_AT, STAFF[0])] }) },
        code: 'issue_malformed',
      },
      {
        label: 'kiosk jumps the queue',
        row: { newDocumentState: ticket(kiosk, 'k3', { priority: true }) },
        code: 'issue_malformed',
      },
      {
        label: 'kiosk issues an already called ticket',
        row: { newDocumentState: step(ticket(kiosk, 'k4'), 'call') },
        code: 'role_forbidden',
      },
    ]);
    await pushAndCheck(counter, 'tickets', [
      {
        label: 'counter issues for a walk-up',
        row: { newDocumentState: inState(counter, 'c1', 'waiting') },
        code: null,
      },
      {
        label: 'counter issues and serves offline',
        row: { newDocumentState: inState(counter, 'c2', 'done') },
        code: null,
      },
      {
        label: 'counter issues in its device name',
        row: { newDocumentState: ticket(counter, 'c3') },
        code: 'staff_unknown',
      },
      {
        label: 'counter issues in a made-up name',
        row: { newDocumentState: ticket(counter, 'c4', { history: [issueEntry(TODAY_AT, 'ghost')] }) },
        code: 'staff_unknown',
      },
    ]);
    await pushAndCheck(display, 'tickets', [
      { label: 'display issues', row: { newDocumentState: ticket(display, 'd1') }, code: 'role_forbidden' },
    ]);
  });

  it('refuses forged histories, edited fields, made-up staff and deletions', async () => {
    const { kiosk, counter } = await setup();
    const waiting = ticket(kiosk, 'w');
    const serving = inState(counter, 's', 'serving');
    const done = { ...inState(counter, 'd', 'done'), rating: { level: 4, reasons: [], at: TODAY_AT } };
    const many = Array.from({ length: 8 }, (_, i) => ticket(kiosk, `m${i}`));
    for (const [device, t] of [
      [kiosk, waiting],
      [counter, serving],
      [counter, done],
      ...many.map((m) => [kiosk, m] as const),
    ] as const)
      expect((await ctx.pushReport(device, 'tickets', [{ newDocumentState: t }])).refused).toEqual([]);
    const upd = (label: string, from: Ticket, to: Ticket, code: RefusalCode | null) => ({
      label,
      row: { assumedMasterState: from, newDocumentState: to },
      code,
    });
    const [m0, m1, m2, m3, m4, m5, m6, m7] = many as [Ticket, Ticket, Ticket, Ticket, Ticket, Ticket, Ticket, Ticket];
    const fake = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        action: 'recall' as const,
        at: TODAY_AT + i,
        by: STAFF[0],
        from: 'waiting' as const,
        to: 'called' as const,
      }));
    await eachAlone(counter, 'tickets', [
      upd('done back to waiting by hand', done, { ...done, status: 'waiting' }, 'state_mismatch'),
      upd('reactivate a done ticket', done, attempt(done, 'reactivate'), 'illegal_transition'),
      upd(
        '200 fake history entries',
        waiting,
        { ...waiting, history: [...waiting.history, ...fake(199)] },
        'illegal_transition',
      ),
      upd(
        'a step whose entry lies about where it started',
        waiting,
        (() => {
          const called = step(waiting, 'call');
          return { ...called, history: [...waiting.history, { ...called.history.at(-1)!, from: 'serving' as const }] };
        })(),
        'history_forged',
      ),
      upd('history rewritten', m0, { ...m0, history: [{ ...m0.history[0]!, at: 5 }] }, 'history_rewritten'),
      upd('history shortened', serving, { ...serving, history: serving.history.slice(0, 2) }, 'history_rewritten'),
      upd(
        'a second issue entry',
        m1,
        { ...m1, history: [...m1.history, issueEntry(TODAY_AT, STAFF[0])] },
        'history_forged',
      ),
      upd('number A001 → A999', m2, { ...m2, number: 'A999' }, 'immutable_field'),
      upd('queue changed without a transfer', m3, { ...m3, queue: 'B' }, 'state_mismatch'),
      upd('issuedAt set to 0', m4, { ...m4, issuedAt: 0 }, 'immutable_field'),
      upd('priority to jump the queue, with no upgrade step', m5, { ...m5, priority: true }, 'state_mismatch'),
      upd('day changed', m6, { ...m6, day: '2020-01-01' }, 'immutable_field'),
      upd('servedBy set by hand', serving, { ...serving, servedBy: STAFF[1] }, 'state_mismatch'),
      upd('rated twice', done, { ...done, rating: { level: 1, reasons: [], at: TODAY_AT } }, 'rating_changed'),
      upd('rating removed', done, (({ rating: _r, ...rest }) => rest)(done) as Ticket, 'rating_changed'),
      upd('transfer to a queue the station lacks', m7, step(m7, 'transfer', { queue: 'Z' }), 'queue_unknown'),
      upd('deleted', waiting, { ...waiting, _deleted: true }, 'deletion_forbidden'),
    ]);
    // Started by someone who is not on the staff list: servedBy must name a staff member.
    const called = inState(counter, 'c', 'called');
    expect((await ctx.pushReport(counter, 'tickets', [{ newDocumentState: called }])).refused).toEqual([]);
    await pushAndCheck(counter, 'tickets', [
      upd('started by a made-up name', called, step(called, 'start', { by: 'Mr Nobody' }), 'staff_unknown'),
    ]);
    // A legal transfer moves the queue and keeps the number.
    const moved = step(m7, 'transfer', { queue: 'B' });
    await pushAndCheck(counter, 'tickets', [upd('transfer to queue B', m7, moved, null)]);
    expect(moved.number).toBe(m7.number);
  });

  it('refuses a call or start by a staff member at a counter their record does not let them use', async () => {
    const { kiosk, counter } = await setup();
    const name = (n: string) => ({ 'zh-Hans': n, 'zh-Hant': n, en: n });
    const doc = stationDoc('s1');
    await ctx.importCatalog({
      ...catalogFile('s1', [], ['svc-s1']),
      station: {
        ...doc,
        counters: [
          { id: '1', name: name('1'), queues: ['A', 'B'] },
          { id: '2', name: name('2'), queues: ['A', 'B'] },
        ],
        // STAFF[0] has no list (every counter); STAFF[1] may use counter 2 only.
        staff: doc.staff!.map((m) => (m.id === STAFF[1] ? { ...m, counters: ['2'] } : m)),
      },
    });
    const tickets = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ticket(kiosk, id));
    expect(
      (
        await ctx.pushReport(
          kiosk,
          'tickets',
          tickets.map((t) => ({ newDocumentState: t })),
        )
      ).refused,
    ).toEqual([]);
    const [t1, t2, t3, t4, t5] = tickets as [Ticket, Ticket, Ticket, Ticket, Ticket];
    const upd = (label: string, from: Ticket, to: Ticket, code: RefusalCode | null) => ({
      label,
      row: { assumedMasterState: from, newDocumentState: to },
      code,
    });
    const calledAt2 = step(t4, 'call', { by: STAFF[1], counter: '2' });
    expect((await ctx.pushReport(counter, 'tickets', [upd('', t4, calledAt2, null).row])).refused).toEqual([]);
    await pushAndCheck(counter, 'tickets', [
      upd(
        'limited member calls at counter 1',
        t1,
        step(t1, 'call', { by: STAFF[1], counter: '1' }),
        'counter_forbidden',
      ),
      upd('limited member calls at counter 2', t2, step(t2, 'call', { by: STAFF[1], counter: '2' }), null),
      upd('unlimited member calls at counter 1', t3, step(t3, 'call', { by: STAFF[0], counter: '1' }), null),
      upd(
        'limited member starts at counter 1',
        calledAt2,
        step(calledAt2, 'start', { by: STAFF[1], counter: '1' }),
        'counter_forbidden',
      ),
      // A transfer names the counter the resident goes to, not where the member works.
      upd('limited member transfers to counter 1', t5, step(t5, 'transfer', { by: STAFF[1], counter: '1' }), null),
    ]);
  });

  it('never stores a number twice, outside its slot, in a queue the station lacks or on a bad day', async () => {
    const { kiosk, counter } = await setup();
    const first = ticket(kiosk, 'first');
    expect((await ctx.pushReport(kiosk, 'tickets', [{ newDocumentState: first }])).refused).toEqual([]);
    const dayOf = (msAgo: number) => ({ issuedAt: TODAY_AT - msAgo, day: stationDay(TODAY_AT - msAgo, 480) });
    const DAY = 86_400_000;
    const again = (id: string, over: Partial<Ticket>) => {
      const t = { ...ticket(kiosk, id), ...over };
      return { ...t, history: [issueEntry(t.issuedAt, kiosk.deviceId)] };
    };
    await pushAndCheck(kiosk, 'tickets', [
      {
        label: 'duplicate number',
        row: { newDocumentState: again('dup', { number: first.number }) },
        code: 'number_taken',
      },
      { label: 'new in batch', row: { newDocumentState: again('b1', { number: 'A050' }) }, code: null },
      {
        label: 'duplicate in the same batch',
        row: { newDocumentState: again('b2', { number: 'A050' }) },
        code: 'number_taken',
      },
      // Slot 0 of 3 owns the blocks 0xx, 3xx, 6xx, 9xx.
      {
        label: 'number of another slot',
        row: { newDocumentState: again('slot', { number: 'A150' }) },
        code: 'number_outside_slot',
      },
      {
        label: 'number in a later block of the slot',
        row: { newDocumentState: again('block3', { number: 'A301' }) },
        code: null,
      },
      {
        label: 'Z999 on queue A',
        row: { newDocumentState: again('z', { number: 'Z999', queue: 'Z' }) },
        code: 'queue_unknown',
      },
      {
        label: 'day 9999-99-99',
        row: { newDocumentState: again('d9', { day: '9999-99-99' }) },
        code: 'day_out_of_range',
      },
      // A day and more past the device-clock tolerance: "tomorrow" itself is accepted from 23:50 station
      // time (a clock up to 10 minutes ahead), and the test failed there (CI at 15:5x UTC).
      {
        label: 'tomorrow',
        row: { newDocumentState: again('tmr', dayOf(-(DAY + CLOCK_AHEAD_TOLERANCE_MS + 3_600_000))) },
        code: 'day_out_of_range',
      },
      { label: 'a month ago', row: { newDocumentState: again('old', dayOf(30 * DAY)) }, code: 'day_out_of_range' },
      {
        label: 'day not that of issuedAt',
        row: { newDocumentState: again('skew', { issuedAt: TODAY_AT - 3 * DAY }) },
        code: 'day_out_of_range',
      },
      { label: 'yesterday (clock or midnight)', row: { newDocumentState: again('yday', dayOf(DAY)) }, code: null },
      { label: 'a week offline', row: { newDocumentState: again('week', dayOf(6 * DAY)) }, code: null },
    ]);
    // With no attack at all: a kiosk re-enrolled mid-day into the same slot issues A001 again.
    await ctx.repo.devices.revoke(kiosk.deviceId);
    const replacement = await ctx.enrol('s1', { role: 'kiosk', issuingSlot: 0, issuingSlots: 3 });
    const repeat = { ...ticket(replacement, 'repeat'), number: first.number };
    await pushAndCheck(replacement, 'tickets', [
      { label: 're-enrolled kiosk repeats a number', row: { newDocumentState: repeat }, code: 'number_taken' },
    ]);
    // Another station may use the same number.
    expect(counter.stationId).toBe('s1');
    const elsewhere = await ctx.enrol('s2', { role: 'kiosk' });
    expect(
      (
        await ctx.pushReport(elsewhere, 'tickets', [
          { newDocumentState: { ...ticket(elsewhere, 'e'), number: first.number } },
        ])
      ).refused,
    ).toEqual([]);
    // The unique index is the backstop below the rules.
    await expect(
      ctx.repo.db.query(
        `INSERT INTO tickets (id, station_id, lwt, deleted, doc) VALUES ('raw', 's1', nextval('lwt_seq'), false, $1::jsonb)`,
        [JSON.stringify({ ...first, id: 'raw' })],
      ),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it('takes a help request that says which kiosk and what about, and a helper only by their real name', async () => {
    const { kiosk, counter } = await setup();
    const placed = helpRequest(kiosk, 'h-place', {
      kioskNumber: 1,
      screen: 'detail',
      category: 'government',
      serviceId: 'gov-a',
    });
    await pushAndCheck(kiosk, 'helpRequests', [
      { label: 'kiosk 1 (slot 0) asks from a service', row: { newDocumentState: placed }, code: null },
      {
        label: 'kiosk claims another kiosk number',
        row: { newDocumentState: helpRequest(kiosk, 'h-other', { kioskNumber: 3 }) },
        code: 'issue_malformed',
      },
      {
        label: 'kiosk opens one already taken by a name',
        row: { newDocumentState: helpRequest(kiosk, 'h-named', { handledByName: 'Staff 1' }) },
        code: 'issue_malformed',
      },
    ]);
    const going = (name: string) => ({
      ...placed,
      status: 'acknowledged' as const,
      handledAt: TODAY_AT,
      handledBy: STAFF[0],
      handledByName: name,
    });
    await eachAlone(counter, 'helpRequests', [
      {
        label: 'counter goes in another name',
        row: { assumedMasterState: placed, newDocumentState: going('Staff 2') },
        code: 'state_mismatch',
      },
      {
        label: 'counter moves it to another service',
        row: { assumedMasterState: placed, newDocumentState: { ...going('Staff 1'), serviceId: 'gov-b' } },
        code: 'immutable_field',
      },
    ]);
    await pushAndCheck(counter, 'helpRequests', [
      {
        label: 'Staff 1 is going',
        row: { assumedMasterState: placed, newDocumentState: going('Staff 1') },
        code: null,
      },
    ]);
    // The kiosk reads who is coming back from the district.
    const { documents } = await ctx.pull(kiosk, 'helpRequests');
    expect(documents.find((d) => d.id === 'h-place')).toMatchObject({
      status: 'acknowledged',
      handledByName: 'Staff 1',
    });
  });

  it('applies the table to needs and help requests', async () => {
    const { kiosk, counter, display } = await setup();
    const open = helpRequest(kiosk, 'h-open');
    expect((await ctx.pushReport(kiosk, 'helpRequests', [{ newDocumentState: open }])).refused).toEqual([]);
    const handled = (status: HelpRequestDoc['status'], by: string = STAFF[0]) => ({
      ...open,
      status,
      handledAt: TODAY_AT,
      handledBy: by,
    });
    const upd = (label: string, to: Wire<HelpRequestDoc>, code: RefusalCode | null) => ({
      label,
      row: { assumedMasterState: open, newDocumentState: to },
      code,
    });
    await eachAlone(kiosk, 'helpRequests', [
      { label: 'kiosk opens', row: { newDocumentState: helpRequest(kiosk, 'h2') }, code: null },
      {
        label: 'kiosk opens a closed one',
        row: { newDocumentState: { ...helpRequest(kiosk, 'h3'), status: 'closed' } },
        code: 'issue_malformed',
      },
      upd('kiosk closes', handled('closed'), 'role_forbidden'),
    ]);
    await eachAlone(display, 'helpRequests', [
      { label: 'display opens', row: { newDocumentState: helpRequest(display, 'h4') }, code: 'role_forbidden' },
      upd('display closes', handled('closed'), 'role_forbidden'),
    ]);
    await eachAlone(counter, 'helpRequests', [
      { label: 'counter opens', row: { newDocumentState: helpRequest(counter, 'h5') }, code: 'role_forbidden' },
      upd('counter closes in a made-up name', handled('closed', 'ghost'), 'staff_unknown'),
      upd('counter changes the screen', { ...handled('acknowledged'), screen: 'other' }, 'immutable_field'),
      upd('counter deletes', { ...open, _deleted: true }, 'deletion_forbidden'),
    ]);
    await pushAndCheck(counter, 'helpRequests', [upd('counter acknowledges', handled('acknowledged'), null)]);
    const ack = handled('acknowledged');
    const closed = { ...ack, status: 'closed' as const, handledAt: TODAY_AT + 1 };
    await pushAndCheck(counter, 'helpRequests', [
      { label: 'counter closes', row: { assumedMasterState: ack, newDocumentState: closed }, code: null },
    ]);
    await pushAndCheck(counter, 'helpRequests', [
      {
        label: 'counter reopens',
        row: { assumedMasterState: closed, newDocumentState: { ...closed, status: 'open' } },
        code: 'illegal_transition',
      },
    ]);

    const left = need(kiosk, 'n1', { contact: '13800000000' });
    expect((await ctx.pushReport(kiosk, 'needs', [{ newDocumentState: left }])).refused).toEqual([]);
    for (const device of [counter, display]) {
      expect(
        (await ctx.pushReport(device, 'needs', [{ newDocumentState: need(device, `n-${device.role}`) }])).refused.map(
          (r) => r.code,
        ),
      ).toEqual(['role_forbidden']);
    }
    const { contact: _c, ...seen } = left;
    expect(
      (
        await ctx.pushReport(kiosk, 'needs', [
          { assumedMasterState: seen, newDocumentState: { ...seen, text: 'changed' } },
        ])
      ).refused.map((r) => r.code),
    ).toEqual(['need_immutable']);
    expect(
      (
        await ctx.pushReport(kiosk, 'needs', [
          { assumedMasterState: seen, newDocumentState: { ...seen, _deleted: true } },
        ])
      ).refused.map((r) => r.code),
    ).toEqual(['deletion_forbidden']);
  });
});
