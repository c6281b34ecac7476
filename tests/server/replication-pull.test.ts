/** Pull: (lwt, id) order, checkpoints, station scope inside the SQL, and bad checkpoints. */
import { expect, it } from 'vitest';
import { describeEachDriver } from './helpers/drivers.ts';
import { bearer, catalogFile, expectStatus, need, step, ticket, useTestApp } from './helpers/fixtures.ts';

describeEachDriver('replication pull', (driver) => {
  const ctx = useTestApp(driver);

  const setup = async () => {
    await ctx.setUpStation('s1');
    await ctx.setUpStation('s2');
    return { a: await ctx.enrol('s1'), b: await ctx.enrol('s2') };
  };

  it('pages through documents in write order with checkpoints', async () => {
    const { a } = await setup();
    // Ids deliberately out of alphabetical order: order is by server write position.
    for (const id of ['t-c', 't-a', 't-b'])
      expectStatus(await ctx.push(a, 'tickets', [{ newDocumentState: ticket(a, id) }]), 200);

    const first = await ctx.pull(a, 'tickets', null, 2);
    expect(first.documents.map((d) => d.id)).toEqual(['t-c', 't-a']);
    expect(first.checkpoint).toEqual({ lwt: expect.any(Number), id: 't-a' });
    const second = await ctx.pull(a, 'tickets', first.checkpoint, 2);
    expect(second.documents.map((d) => d.id)).toEqual(['t-b']);
    expect(second.checkpoint!.lwt).toBeGreaterThan(first.checkpoint!.lwt);
    const caughtUp = await ctx.pull(a, 'tickets', second.checkpoint, 2);
    expect(caughtUp).toEqual({ documents: [], checkpoint: second.checkpoint });
    expect(await ctx.pull(a, 'needs')).toEqual({ documents: [], checkpoint: null });
  });

  it('returns documents exactly as pushed, with _deleted and without lwt', async () => {
    await setup();
    await ctx.setUpStation('s3');
    const a = await ctx.enrol('s3', { issuingSlot: 0, issuingSlots: 2 });
    const counter = await ctx.enrol('s3', { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
    const issued = ticket(a, 't1');
    const doc = step(issued, 'call', { counter: '窗口 3' });
    expectStatus(await ctx.push(a, 'tickets', [{ newDocumentState: issued }]), 200);
    expect(await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: issued, newDocumentState: doc }])).toEqual({
      conflicts: [],
      refused: [],
    });
    const [pulled] = (await ctx.pull(a, 'tickets')).documents;
    expect(pulled).toEqual(doc);
    expect(Object.keys(pulled!)).not.toContain('lwt');
  });

  it('answers the same over GET and POST', async () => {
    const { a } = await setup();
    for (const id of ['n1', 'n2', 'n3'])
      expectStatus(await ctx.push(a, 'needs', [{ newDocumentState: need(a, id) }]), 200);
    const viaGet = await ctx.pull(a, 'needs', null, 2);
    const viaPost = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/needs/pull',
      headers: bearer(a),
      payload: { checkpoint: null, limit: 2 },
    });
    expect(viaPost.json()).toEqual(viaGet);
    const next = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/needs/pull',
      headers: bearer(a),
      payload: { checkpoint: viaGet.checkpoint },
    });
    expect(next.json().documents.map((d: { id: string }) => d.id)).toEqual(['n3']);
  });

  it('filters by station before the limit, so a busy neighbour cannot stall sync', async () => {
    const { a, b } = await setup();
    expectStatus(await ctx.push(a, 'tickets', [{ newDocumentState: ticket(a, 'a-early') }]), 200);
    const batch = Array.from({ length: 30 }, (_, i) => ({ newDocumentState: ticket(b, `b-${i}`) }));
    expectStatus(await ctx.push(b, 'tickets', batch), 200);
    expectStatus(await ctx.push(a, 'tickets', [{ newDocumentState: ticket(a, 'a-late') }]), 200);

    const first = await ctx.pull(a, 'tickets', null, 1);
    const second = await ctx.pull(a, 'tickets', first.checkpoint, 5);
    expect([...first.documents, ...second.documents].map((d) => d.id)).toEqual(['a-early', 'a-late']);
    const all = await ctx.pullAll(b, 'tickets', 7);
    expect(all.documents).toHaveLength(30);
    expect(all.documents.every((d) => d.stationId === 's2')).toBe(true);
  });

  it('serves district-wide services to every station, station services only to their own', async () => {
    const { a, b } = await setup();
    await ctx.importCatalog(catalogFile('s1', ['gov-1'], ['s1-only']));
    await ctx.importCatalog(catalogFile('s2', ['gov-1'], ['s2-only']));
    // (The setup's own catalog items are tombstones now: this import replaced them.)
    const live = (docs: { id: string; _deleted: boolean }[]) => docs.filter((d) => !d._deleted).map((d) => d.id);
    expect(live((await ctx.pullAll(a, 'services')).documents)).toEqual(['gov-1', 's1-only']);
    expect(live((await ctx.pullAll(b, 'services')).documents)).toEqual(['gov-1', 's2-only']);
    expect((await ctx.pullAll(a, 'stations')).documents.map((d) => d.id)).toEqual(['s1']);
  });

  it('rejects malformed checkpoints and limits', async () => {
    const { a } = await setup();
    const cases: [string, string][] = [
      ['checkpoint_lwt=abc&checkpoint_id=x', 'invalid_checkpoint'],
      ['checkpoint_lwt=-1&checkpoint_id=x', 'invalid_checkpoint'],
      ['checkpoint_lwt=1.5&checkpoint_id=x', 'invalid_checkpoint'],
      ['checkpoint_lwt=5', 'invalid_checkpoint'],
      ['checkpoint_id=x', 'invalid_checkpoint'],
      [`checkpoint_lwt=1&checkpoint_id=${'x'.repeat(65)}`, 'invalid_checkpoint'],
      ['checkpoint_lwt=99999999999999999999&checkpoint_id=x', 'invalid_checkpoint'],
      ['limit=0', 'invalid_request'],
      ['limit=1001', 'invalid_request'],
      ['since=3', 'invalid_request'],
    ];
    for (const [query, code] of cases) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/replication/tickets/pull?${query}`,
        headers: bearer(a),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe(code);
    }
    for (const payload of [
      { checkpoint: { lwt: '1', id: 'x' } },
      { checkpoint: { lwt: 1 } },
      { checkpoint: 5 },
      { checkpoint: { lwt: 1, id: 'x', at: 2 } },
    ]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/replication/tickets/pull',
        headers: bearer(a),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code, JSON.stringify(payload)).toBe('invalid_checkpoint');
    }
  });

  it('refuses a checkpoint this database never handed out', async () => {
    const { a } = await setup();
    expectStatus(await ctx.push(a, 'tickets', [{ newDocumentState: ticket(a, 't1') }]), 200);
    const { checkpoint } = await ctx.pull(a, 'tickets');
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/replication/tickets/pull?checkpoint_lwt=${checkpoint!.lwt + 1000}&checkpoint_id=t1`,
      headers: bearer(a),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('checkpoint_ahead');
    const empty = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/replication/needs/pull?checkpoint_lwt=1&checkpoint_id=x',
      headers: bearer(a),
    });
    expect(empty.statusCode).toBe(409);
  });

  it('needs a valid device credential', async () => {
    const { a } = await setup();
    const cases: [Record<string, string>, string][] = [
      [{}, 'credential_missing'],
      [{ authorization: 'Bearer' }, 'credential_missing'],
      [{ authorization: `Basic ${a.credential}` }, 'credential_missing'],
      [{ authorization: 'Bearer dsk_not-a-real-credential' }, 'credential_unknown'],
    ];
    for (const [headers, code] of cases) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/replication/tickets/pull', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('treats an empty POST body, with or without a JSON content type, as a pull from the beginning', async () => {
    const { a } = await setup();
    expectStatus(await ctx.push(a, 'needs', [{ newDocumentState: need(a, 'n1') }]), 200);
    const bodies = [
      { headers: bearer(a) },
      { headers: { ...bearer(a), 'content-type': 'application/json' }, payload: '' },
      { headers: { ...bearer(a), 'content-type': 'application/json' }, payload: '{}' },
    ];
    for (const extra of bodies) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/replication/needs/pull', ...extra });
      expect(
        expectStatus(res, 200)
          .json()
          .documents.map((d: { id: string }) => d.id),
      ).toEqual(['n1']);
    }
    // Still JSON: a body that is not is a 400, and push gets no such leniency.
    const broken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/needs/pull',
      headers: { ...bearer(a), 'content-type': 'application/json' },
      payload: '{',
    });
    expect(broken.json().error.code).toBe('invalid_json');
    const emptyPush = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/replication/needs/push',
      headers: { ...bearer(a), 'content-type': 'application/json' },
      payload: '',
    });
    expect(emptyPush.statusCode).toBe(400);
  });
});
