/**
 * Random pushes, valid and invalid, from devices of two stations, checked against
 * a simple model of the contract. After every push: a rejected push changed
 * nothing, a refused row changed nothing while the rest of its batch landed, an
 * accepted one did what the model says. Whether a row is legal under the queue's
 * rules comes from the pure rules module (its own matrix tests it); this property
 * is about the contract around it. After each run: every
 * accepted document is pullable exactly once in its station's scope, no document
 * leaks to the other station, and write positions strictly increase in pull order.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { checkWrite, stateAtCreation } from '#protocol/rules/check-write.ts';
import { stationFacts } from '#protocol/rules/context.ts';
import { applyTicketAction } from '#protocol/ticket-lifecycle.ts';
import { PUSH_REPORT_MEDIA_TYPE, replicationPath, type ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import { bearer, STAFF, stationDoc, ticket, useTestApp, type Wire } from './helpers/fixtures.ts';

type Doc = Wire<TicketDoc>;

const IDS = ['t0', 't1', 't2', 't3', 't4'];
const STATUSES = ['waiting', 'called', 'serving', 'done'] as const;
const ACTIONS = ['none', 'call', 'start', 'finish', 'cancel', 'forge-status'] as const;

/** What to put in a row, before it is turned into a document for a concrete device. */
interface RowSpec {
  id: string;
  /** A lifecycle step from the current state (maybe illegal from it), or a status set by hand. */
  action: (typeof ACTIONS)[number];
  status: (typeof STATUSES)[number];
  counter: string;
  deleted: boolean;
  assumed: 'none' | 'current' | 'stale';
  /** A way to break the row; 'none' keeps it valid. */
  flaw: 'none' | 'foreign-station' | 'forged-device' | 'unknown-field' | 'wrong-type' | 'nul-text';
}

interface PushSpec {
  device: number;
  rows: RowSpec[];
  retry: boolean;
}

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  id: fc.constantFrom(...IDS),
  action: fc.constantFrom(...ACTIONS),
  status: fc.constantFrom(...STATUSES),
  counter: fc.string({ unit: 'grapheme', maxLength: 8 }),
  deleted: fc.boolean(),
  assumed: fc.constantFrom('none', 'current', 'current', 'stale'),
  flaw: fc.oneof(
    { weight: 8, arbitrary: fc.constant('none' as const) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('foreign-station', 'forged-device', 'unknown-field', 'wrong-type', 'nul-text'),
    },
  ),
});

const pushSpec: fc.Arbitrary<PushSpec> = fc.record({
  device: fc.integer({ min: 0, max: 2 }),
  rows: fc.array(rowSpec, { minLength: 1, maxLength: 3 }),
  retry: fc.boolean(),
});

describeEachDriver('replication invariants (property)', (driver) => {
  const ctx = useTestApp(driver);

  // Many pushes on two drivers: headroom for a loaded 2-core CI machine.
  it('holds under random valid and invalid pushes from two stations', { timeout: 180_000 }, async () => {
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    const devices: EnrolResponse[] = [
      await ctx.enrol('s1', { issuingSlot: 0, issuingSlots: 2 }),
      await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 }),
      await ctx.enrol('s2'),
    ];
    const stationOf = (device: EnrolResponse) => device.stationId;

    await fc.assert(
      fc.asyncProperty(fc.array(pushSpec, { minLength: 1, maxLength: 12 }), async (pushes) => {
        await ctx.repo.db.query('TRUNCATE tickets');
        /** The model: the accepted state of every ticket. */
        const model = new Map<string, Doc>();
        let previous: unknown[] | undefined;
        let previousDevice: EnrolResponse | undefined;

        for (const spec of pushes) {
          const device = devices[spec.device]!;
          const resend = spec.retry && previous !== undefined && previousDevice !== undefined;
          const sender = resend ? previousDevice! : device;
          const rows = resend ? previous! : spec.rows.map((r) => buildRow(r, device, devices, model));
          previous = rows;
          previousDevice = sender;

          const expected = expectation(rows as Row[], sender, devices, model);
          const before = await ctx.snapshot();
          const res = await ctx.app.inject({
            method: 'POST',
            url: replicationPath('tickets', 'push'),
            headers: { ...bearer(sender), accept: PUSH_REPORT_MEDIA_TYPE },
            payload: rows as object[],
          });
          expect(res.statusCode, res.body).toBe(expected.status);
          if (expected.status !== 200) {
            expect(await ctx.snapshot(), 'a rejected push changed nothing').toEqual(before);
            continue;
          }
          const report = res.json() as { conflicts: Doc[]; refused: { id: string; code: string }[] };
          expect(sortById(report.conflicts)).toEqual(sortById(expected.conflicts));
          expect(report.refused.map((r) => [r.id, r.code]).sort()).toEqual(expected.refused.sort());
          for (const row of rows as Row[]) {
            const id = row.newDocumentState.id;
            if (!expected.conflicts.some((c) => c.id === id) && !expected.refused.some(([r]) => r === id))
              model.set(id, row.newDocumentState);
          }
          if (!expected.writes)
            expect(await ctx.snapshot(), 'a push without writes (retry, conflicts, refusals) changed nothing').toEqual(
              before,
            );
        }

        // Pull each station's scope one document at a time: the checkpoint (lwt, id) must strictly
        // increase. Rows written by one transaction share its lwt (the transaction's id), so id breaks the tie.
        for (const device of [devices[0]!, devices[2]!]) {
          const { documents, checkpoints } = await ctx.pullAll(device, 'tickets', 1);
          const ids = documents.map((d) => d.id);
          expect(new Set(ids).size, 'each document pulled once').toBe(ids.length);
          expect(
            documents.every((d) => d.stationId === stationOf(device)),
            'no document of another station',
          ).toBe(true);
          const after = (a: ReplicationCheckpoint, b: ReplicationCheckpoint) =>
            a.lwt > b.lwt || (a.lwt === b.lwt && Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)) > 0);
          expect(
            checkpoints.every((c, i) => i === 0 || after(c, checkpoints[i - 1]!)),
            `(lwt, id) strictly increasing: ${checkpoints.map((c) => `${c.lwt}/${c.id}`)}`,
          ).toBe(true);
          const expectedDocs = [...model.values()].filter((d) => d.stationId === stationOf(device));
          expect(sortById(documents)).toEqual(sortById(expectedDocs));
        }
      }),
      { numRuns: driver.name === 'postgres' ? 30 : 40 },
    );
  });
});

interface Row {
  assumedMasterState?: Doc;
  newDocumentState: Doc;
}

function sortById<T extends { id: string }>(docs: readonly T[]): T[] {
  return [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function buildRow(spec: RowSpec, device: EnrolResponse, devices: EnrolResponse[], model: Map<string, Doc>): unknown {
  const current = model.get(spec.id);
  // Updating a ticket keeps its issuing device; a new one is the pusher's.
  const base = current && current.stationId === device.stationId ? current : ticket(device, spec.id);
  let doc: Record<string, unknown> = { ...base, _deleted: spec.deleted };
  if (spec.action === 'forge-status') doc = { ...doc, status: spec.status };
  else if (spec.action !== 'none') {
    const stepped = applyTicketAction(base, spec.action, {
      at: base.issuedAt + 1,
      by: STAFF[0],
      counter: spec.counter,
    });
    if (stepped.ok) doc = { ...stepped.value, _deleted: spec.deleted };
  }
  const foreign = devices.find((d) => d.stationId !== device.stationId)!;
  const sibling = devices.find((d) => d.stationId === device.stationId && d.deviceId !== device.deviceId) ?? foreign;
  switch (spec.flaw) {
    case 'foreign-station':
      doc = { ...doc, stationId: foreign.stationId };
      break;
    case 'forged-device':
      doc = { ...doc, deviceId: sibling.deviceId };
      break;
    case 'unknown-field':
      doc = { ...doc, extra: 1 };
      break;
    case 'wrong-type':
      doc = { ...doc, callCount: String(doc.callCount) };
      break;
    case 'nul-text':
      doc = { ...doc, counter: `${spec.counter}\u0000` };
      break;
    case 'none':
      break;
  }
  const assumed =
    spec.assumed === 'current'
      ? current
      : spec.assumed === 'stale' && current
        ? { ...current, callCount: current.callCount + 100 }
        : undefined;
  return assumed ? { assumedMasterState: assumed, newDocumentState: doc } : { newDocumentState: doc };
}

const stationFactsOf = (stationId: string) => stationFacts(stationDoc(stationId));

/** The contract, written plainly: what status, conflicts, refusals and writes a push must produce. */
function expectation(
  rows: Row[],
  device: EnrolResponse,
  devices: readonly EnrolResponse[],
  model: Map<string, Doc>,
): { status: number; conflicts: Doc[]; refused: [string, string][]; writes: boolean } {
  const schemaOk = rows.every((r) => {
    const d = r.newDocumentState as unknown as Record<string, unknown>;
    return !('extra' in d) && typeof d.callCount === 'number' && !String(d.counter ?? '').includes('\u0000');
  });
  const ids = rows.map((r) => r.newDocumentState.id);
  if (!schemaOk || new Set(ids).size !== ids.length) return { status: 400, conflicts: [], refused: [], writes: false };

  const conflicts: Doc[] = [];
  const refused: [string, string][] = [];
  let writes = false;
  const rulesOf = (as: EnrolResponse) => (stored: Doc | undefined, next: Doc) => {
    const { _deleted, ...doc } = next;
    const { _deleted: _d, ...before } = stored ?? ({} as Doc);
    return checkWrite({
      collection: 'tickets',
      stored: stored ? before : undefined,
      next: doc,
      deleted: _deleted,
      writer: {
        deviceId: as.deviceId,
        stationId: as.stationId,
        role: as.role,
        issuingSlot: as.issuingSlot,
        issuingSlots: as.issuingSlots,
      },
      station: stationFactsOf(device.stationId),
      now: Date.now(),
    });
  };
  const rules = rulesOf(device);
  // A new ticket in another device's name: legal only as that device's issue (a device of the
  // same station) plus the pusher's own steps after it.
  const relayed = (next: Doc) => {
    const creator = devices.find((d) => d.deviceId === next.deviceId && d.stationId === device.stationId);
    const { _deleted, ...doc } = next;
    const created = creator && { ...(stateAtCreation('tickets', doc) as Doc), _deleted: false };
    if (!creator || !created || isDeepStrictEqual(created, { ...doc, _deleted: false }))
      return { code: 'wrong_device' };
    return rulesOf(creator)(undefined, created) ?? rules(created, next);
  };
  for (const { assumedMasterState: assumed, newDocumentState: next } of rows) {
    const stored = model.get(next.id);
    const refuse = (code: string) => refused.push([next.id, code]);
    if (next.stationId !== device.stationId || (stored && stored.stationId !== device.stationId)) {
      refuse('wrong_station');
    } else if (!stored) {
      const verdict = next.deviceId !== device.deviceId ? relayed(next) : rules(undefined, next);
      if (verdict) refuse(verdict.code);
      else writes = true;
    } else if (isDeepStrictEqual(stored, next)) {
      // a retry: success, no write
    } else if (!assumed || !isDeepStrictEqual(stored, assumed)) {
      conflicts.push(stored);
    } else if (next.deviceId !== stored.deviceId) {
      refuse('wrong_device');
    } else {
      const verdict = rules(stored, next);
      if (verdict) refuse(verdict.code);
      else writes = true;
    }
  }
  return { status: 200, conflicts, refused, writes };
}
