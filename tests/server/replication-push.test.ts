/** Push: RxDB's conflict contract, retries, station scope, and every kind of bad input. */
import { expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { PUSH_BATCH_MAX, PUSH_REFUSED_HEADER, PUSH_REPORT_MEDIA_TYPE } from '#protocol/wire-messages.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import {
  bearer,
  expectStatus,
  helpRequest,
  need,
  serviceDoc,
  stationDoc,
  step,
  ticket,
  useTestApp,
} from './helpers/fixtures.ts';

describeEachDriver('replication push', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    return {
      kiosk: await ctx.enrol('s1', { issuingSlot: 0, issuingSlots: 2 }),
      counter: await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 }),
      other: await ctx.enrol('s2'),
    };
  };

  it('inserts, updates on a matching assumed state, and reports conflicts', async () => {
    const { kiosk, counter } = await setup();
    const issued = ticket(kiosk, 't1');
    expect(expectStatus(await ctx.push(kiosk, 'tickets', [{ newDocumentState: issued }]), 200).json()).toEqual([]);

    // The counter calls the ticket, knowing the server state.
    const called = step(issued, 'call');
    expect(
      await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: issued, newDocumentState: called }]),
    ).toEqual({ conflicts: [], refused: [] });

    // The kiosk, still believing the ticket is waiting, cancels it: conflict, server keeps "called".
    const cancelled = { ...issued, status: 'cancelled' as const };
    expect(
      (await ctx.push(kiosk, 'tickets', [{ assumedMasterState: issued, newDocumentState: cancelled }])).json(),
    ).toEqual([called]);
    // Without an assumed state an existing document is a conflict too.
    expect((await ctx.push(kiosk, 'tickets', [{ newDocumentState: cancelled }])).json()).toEqual([called]);

    const docs = (await ctx.pull(kiosk, 'tickets')).documents;
    expect(docs).toEqual([called]);
  });

  it('treats a retried push as success without writing again', async () => {
    const { kiosk, counter } = await setup();
    const rows = [{ newDocumentState: ticket(kiosk, 't1') }, { newDocumentState: ticket(kiosk, 't2') }];
    expectStatus(await ctx.push(kiosk, 'tickets', rows), 200);
    const before = await ctx.snapshot();
    for (let i = 0; i < 3; i++) expect(expectStatus(await ctx.push(kiosk, 'tickets', rows), 200).json()).toEqual([]);
    expect(await ctx.snapshot()).toEqual(before);

    // An update retried after its response was lost: the stored state already equals it.
    const update = {
      assumedMasterState: rows[0]!.newDocumentState,
      newDocumentState: step(rows[0]!.newDocumentState, 'call'),
    };
    expect(await ctx.pushReport(counter, 'tickets', [update])).toEqual({ conflicts: [], refused: [] });
    const afterUpdate = await ctx.snapshot();
    expect(await ctx.pushReport(counter, 'tickets', [update])).toEqual({ conflicts: [], refused: [] });
    expect(await ctx.snapshot()).toEqual(afterUpdate);
  });

  it('accepts a document whose assumed state the server no longer has (nothing is lost)', async () => {
    const { kiosk } = await setup();
    const doc = need(kiosk, 'n1');
    expect(await ctx.pushReport(kiosk, 'needs', [{ assumedMasterState: doc, newDocumentState: doc }])).toEqual({
      conflicts: [],
      refused: [],
    });
    expect((await ctx.pull(kiosk, 'needs')).documents).toEqual([doc]);
  });

  it('refuses deletes: a refused row changes nothing, is recorded, and the rest of the batch lands', async () => {
    const { kiosk } = await setup();
    const doc = helpRequest(kiosk, 'h1');
    expectStatus(await ctx.push(kiosk, 'helpRequests', [{ newDocumentState: doc }]), 200);
    const { checkpoint } = await ctx.pull(kiosk, 'helpRequests');
    const other = helpRequest(kiosk, 'h2');
    const res = await ctx.push(kiosk, 'helpRequests', [
      { assumedMasterState: doc, newDocumentState: { ...doc, _deleted: true } },
      { newDocumentState: other },
    ]);
    // A client that did not ask for the report still gets RxDB's array, and the count in a header.
    expect(expectStatus(res, 200).json()).toEqual([]);
    expect(res.headers[PUSH_REFUSED_HEADER]).toBe('1');
    expect((await ctx.pull(kiosk, 'helpRequests', checkpoint)).documents).toEqual([other]);
    const [refusal] = await ctx.repo.refusals.list({ deviceId: kiosk.deviceId });
    expect(refusal).toMatchObject({
      stationId: 's1',
      deviceId: kiosk.deviceId,
      collection: 'helpRequests',
      docId: 'h1',
      rule: 'deletion_forbidden',
    });
  });

  it('lets a device write only its own station, and keeps a document with its issuing device', async () => {
    const { kiosk, counter, other } = await setup();
    expectStatus(await ctx.push(other, 'tickets', [{ newDocumentState: ticket(other, 'theirs') }]), 200);
    const before = await ctx.snapshot();

    const cases: [string, unknown[], string][] = [
      ['foreign stationId', [{ newDocumentState: { ...ticket(kiosk, 'x'), stationId: 's2' } }], 'wrong_station'],
      // An id that exists at another station: refused, and its content is not revealed as a conflict.
      ['foreign id', [{ newDocumentState: ticket(kiosk, 'theirs') }], 'wrong_station'],
      [
        'forged deviceId',
        [{ newDocumentState: ticket(kiosk, 'forged', { deviceId: counter.deviceId }) }],
        'wrong_device',
      ],
    ];
    for (const [name, rows, code] of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/replication/tickets/push',
        headers: { ...bearer(kiosk), accept: PUSH_REPORT_MEDIA_TYPE },
        payload: rows as object[],
      });
      const report = expectStatus(res, 200).json();
      expect(report.conflicts, name).toEqual([]);
      expect(
        report.refused.map((r: { code: string }) => r.code),
        name,
      ).toEqual([code]);
      expect(res.body, name).not.toContain('"history"');
    }
    expect(await ctx.snapshot()).toEqual(before);

    // A refused row does not hold back the valid one beside it.
    const ok = ticket(kiosk, 'ok-1');
    const mixed = await ctx.pushReport(kiosk, 'tickets', [
      { newDocumentState: ok },
      { newDocumentState: { ...ticket(kiosk, 'x'), stationId: 's2' } },
    ]);
    expect(mixed.refused).toEqual([{ id: 'x', code: 'wrong_station', message: expect.any(String) }]);
    expect((await ctx.pull(kiosk, 'tickets')).documents).toEqual([ok]);

    // The counter may change the kiosk's ticket, but not who issued it.
    const mine = ticket(kiosk, 'mine');
    expectStatus(await ctx.push(kiosk, 'tickets', [{ newDocumentState: mine }]), 200);
    const steal = await ctx.pushReport(counter, 'tickets', [
      { assumedMasterState: mine, newDocumentState: { ...mine, deviceId: counter.deviceId } },
    ]);
    expect(steal.refused.map((r) => r.code)).toEqual(['wrong_device']);
  });

  it("keeps a counter's step on a ticket this server has not stored yet, checked as the kiosk's issue plus the counter's step", async () => {
    // A counter called a kiosk ticket it had from the station hub, and its call reaches this server
    // before the ticket does (the hub died before uploading it, or came back without it). Refused,
    // the call would be lost: RxDB takes a refused row as pushed, and the kiosk's "waiting" would
    // later overwrite it on the counter too.
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    const kiosk = await ctx.enrol('s1', { issuingSlot: 0, issuingSlots: 3 });
    const kiosk2 = await ctx.enrol('s1', { issuingSlot: 1, issuingSlots: 3 });
    const counter = await ctx.enrol('s1', { role: 'counter', issuingSlot: 2, issuingSlots: 3 });
    const other = await ctx.enrol('s2');
    const called = step(ticket(kiosk, 'relayed'), 'call');
    expect(await ctx.pushReport(counter, 'tickets', [{ newDocumentState: called }])).toEqual({
      conflicts: [],
      refused: [],
    });
    expect((await ctx.pull(kiosk, 'tickets')).documents).toEqual([called]);
    // The kiosk's own upload arriving afterwards is a conflict it merges, as with any other change.
    expect((await ctx.push(kiosk, 'tickets', [{ newDocumentState: ticket(kiosk, 'relayed') }])).json()).toEqual([
      called,
    ]);
    // A help request the counter acknowledged before the kiosk's upload arrived.
    const acknowledged = {
      ...helpRequest(kiosk, 'h-relayed'),
      status: 'acknowledged' as const,
      handledAt: 1_795_840_060_000,
      handledBy: 'staff-1',
    };
    expect(await ctx.pushReport(counter, 'helpRequests', [{ newDocumentState: acknowledged }])).toEqual({
      conflicts: [],
      refused: [],
    });

    const before = await ctx.snapshot();
    const cases: [string, EnrolResponse, Record<string, unknown>, string][] = [
      // Nothing the pusher did itself: only the creator uploads its creation.
      ['a bare ticket of another device', counter, ticket(kiosk, 'bare'), 'wrong_device'],
      ['a creator of another station', counter, step(ticket(other, 'x1', { stationId: 's1' }), 'call'), 'wrong_device'],
      [
        'a creator that does not exist',
        counter,
        step(ticket(kiosk, 'x2', { deviceId: 'ghost' }), 'call'),
        'wrong_device',
      ],
      // The issue must be legal as the creator's: its number in the creator's issuing slot.
      [
        "a number outside the creator's slot",
        counter,
        step(ticket(kiosk, 'x3', { number: ticket(counter, 'x3').number }), 'call'),
        'number_outside_slot',
      ],
      // …and the rest legal as the pusher's: a kiosk calls no ticket, so it never relays one.
      ["a kiosk relaying another kiosk's ticket", kiosk, step(ticket(kiosk2, 'x4'), 'call'), 'role_forbidden'],
    ];
    for (const [name, pusher, doc, code] of cases) {
      const report = await ctx.pushReport(pusher, 'tickets', [{ newDocumentState: doc }]);
      expect(
        report.refused.map((r) => r.code),
        name,
      ).toEqual([code]);
    }
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('never lets a device write the catalog', async () => {
    const { kiosk } = await setup();
    const before = await ctx.snapshot();
    for (const [collection, doc] of [
      ['services', { ...serviceDoc('evil', 's1'), _deleted: false }],
      ['stations', { ...stationDoc('s1'), _deleted: false }],
    ] as const) {
      const res = await ctx.push(kiosk, collection, [{ newDocumentState: doc }]);
      expect(res.statusCode, collection).toBe(403);
      expect(res.json().error.code).toBe('collection_read_only');
      // Refused before the body is even parsed.
      const garbage = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/replication/${collection}/push`,
        headers: { ...bearer(kiosk), 'content-type': 'application/json' },
        payload: '{',
      });
      expect(garbage.statusCode).toBe(403);
    }
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('rejects bad input with a 4xx and changes nothing', async () => {
    const { kiosk } = await setup();
    expectStatus(await ctx.push(kiosk, 'tickets', [{ newDocumentState: ticket(kiosk, 'existing') }]), 200);
    const before = await ctx.snapshot();
    const valid = ticket(kiosk, 'new');
    const { history: _h, ...missingHistory } = valid;
    const json = (rows: unknown) => JSON.stringify(rows);
    const cases: [string, string, number, string][] = [
      ['malformed JSON', '[{"newDocumentState": ', 400, 'invalid_json'],
      ['empty body', '', 400, 'invalid_json'],
      ['not an array', json({ newDocumentState: valid }), 400, 'invalid_request'],
      ['row without newDocumentState', json([{ doc: valid }]), 400, 'invalid_request'],
      ['wrong type', json([{ newDocumentState: { ...valid, seq: '1' } }]), 400, 'invalid_request'],
      ['wrong enum', json([{ newDocumentState: { ...valid, status: 'lost' } }]), 400, 'invalid_request'],
      ['missing required field', json([{ newDocumentState: missingHistory }]), 400, 'invalid_request'],
      ['unknown field', json([{ newDocumentState: { ...valid, rank: 1 } }]), 400, 'invalid_request'],
      [
        'unknown nested field',
        json([{ newDocumentState: { ...valid, history: [{ ...valid.history[0], note: 'x' }] } }]),
        400,
        'invalid_request',
      ],
      ['RxDB internal _rev', json([{ newDocumentState: { ...valid, _rev: '1-abc' } }]), 400, 'invalid_request'],
      ['RxDB internal _meta', json([{ newDocumentState: { ...valid, _meta: { lwt: 1 } } }]), 400, 'invalid_request'],
      ['_deleted not boolean', json([{ newDocumentState: { ...valid, _deleted: 'yes' } }]), 400, 'invalid_request'],
      ['unknown row field', json([{ newDocumentState: valid, force: true }]), 400, 'invalid_request'],
      ['NUL in text', json([{ newDocumentState: { ...valid, counter: 'a\u0000b' } }]), 400, 'invalid_text'],
      ['lone surrogate', json([{ newDocumentState: { ...valid, counter: 'a\ud800b' } }]), 400, 'invalid_text'],
      ['same id twice', json([{ newDocumentState: valid }, { newDocumentState: valid }]), 400, 'duplicate_document'],
      [
        'too many rows',
        json(Array.from({ length: PUSH_BATCH_MAX + 1 }, (_, i) => ({ newDocumentState: { id: `b${i}` } }))),
        400,
        'batch_too_large',
      ],
      [
        'oversized body',
        json([{ newDocumentState: { ...valid, counter: 'x'.repeat(1024 * 1024) } }]),
        413,
        'body_too_large',
      ],
    ];
    for (const [name, payload, status, code] of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/replication/tickets/push',
        headers: { ...bearer(kiosk), 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, name).toBe(status);
      expect(res.json().error.code, name).toBe(code);
      expect(res.json().error.message, name).toEqual(expect.any(String));
    }
    const text = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/tickets/push',
      headers: { ...bearer(kiosk), 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(415);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('accepts an empty push', async () => {
    const { kiosk } = await setup();
    expect(expectStatus(await ctx.push(kiosk, 'needs', []), 200).json()).toEqual([]);
  });

  it('refuses missing and revoked credentials', async () => {
    const { kiosk } = await setup();
    const before = await ctx.snapshot();
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/needs/push',
      payload: [{ newDocumentState: need(kiosk, 'n1') }],
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    await ctx.repo.devices.revoke(kiosk.deviceId);
    const revokedBefore = await ctx.snapshot();
    const revoked = await ctx.push(kiosk, 'needs', [{ newDocumentState: need(kiosk, 'n1') }]);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('credential_revoked');
    expect(await ctx.snapshot()).toEqual(revokedBefore);
    expect(before.needs).toEqual(revokedBefore.needs);
  });
});
