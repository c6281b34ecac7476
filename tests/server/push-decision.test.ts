/** The push rules as a pure function, case by case. */
import { describe, expect, it } from 'vitest';
import { SERVER_COLLECTIONS } from '#server/domain/collections.ts';
import type { StoredRow } from '#server/domain/documents.ts';
import {
  decidePush as decide,
  NO_RULES,
  type DeviceIdentity,
  type PushRowInput,
} from '#server/domain/push-decision.ts';

const tickets = SERVER_COLLECTIONS.tickets;
const counter = { role: 'counter', issuingSlot: 0, issuingSlots: 1 } as const;
const device: DeviceIdentity = { id: 'd1', stationId: 's1', ...counter };
/** RxDB's contract and station scope alone; the queue's rules have suites of their own. */
const decidePush = (c: typeof tickets, s: StoredRow | undefined, row: PushRowInput, d: DeviceIdentity) =>
  decide(c, s, row, d, NO_RULES);
const doc = { id: 't1', stationId: 's1', deviceId: 'd1', status: 'waiting' };
const stored = (over: Partial<StoredRow> = {}): StoredRow => ({
  id: 't1',
  stationId: 's1',
  lwt: 7,
  deleted: false,
  doc,
  ...over,
});

describe('decidePush', () => {
  it('inserts a new document, with or without an assumed state', () => {
    expect(decidePush(tickets, undefined, { newDocumentState: { ...doc, _deleted: false } }, device)).toEqual({
      kind: 'write',
      write: { id: 't1', stationId: 's1', deleted: false, doc },
      isNew: true,
    });
    expect(
      decidePush(
        tickets,
        undefined,
        { assumedMasterState: { ...doc, _deleted: false }, newDocumentState: { ...doc, _deleted: false } },
        device,
      ).kind,
    ).toBe('write');
  });

  it('treats a new state equal to the stored one as done, whatever was assumed', () => {
    expect(decidePush(tickets, stored(), { newDocumentState: { ...doc, _deleted: false } }, device)).toEqual({
      kind: 'unchanged',
    });
    expect(decidePush(tickets, stored(), { newDocumentState: doc as never }, device)).toEqual({ kind: 'unchanged' });
  });

  it('conflicts without an assumed state or with a stale one, returning the stored document', () => {
    const next = { ...doc, status: 'called', _deleted: false };
    const master = { ...doc, _deleted: false };
    expect(decidePush(tickets, stored(), { newDocumentState: next }, device)).toEqual({ kind: 'conflict', master });
    expect(
      decidePush(
        tickets,
        stored(),
        { assumedMasterState: { ...doc, status: 'done', _deleted: false }, newDocumentState: next },
        device,
      ),
    ).toEqual({ kind: 'conflict', master });
    expect(
      decidePush(tickets, stored({ deleted: true }), { assumedMasterState: master, newDocumentState: next }, device),
    ).toEqual({
      kind: 'conflict',
      master: { ...doc, _deleted: true },
    });
  });

  it('writes when the assumed state matches, ignoring RxDB bookkeeping keys in it', () => {
    const next = { ...doc, status: 'called', _deleted: false };
    expect(
      decidePush(
        tickets,
        stored(),
        { assumedMasterState: { ...doc, _deleted: false, _rev: '3-x', _meta: { lwt: 1 } }, newDocumentState: next },
        device,
      ),
    ).toMatchObject({
      kind: 'write',
    });
  });

  it('refuses other stations and forged or changed device ids', () => {
    const wire = { ...doc, _deleted: false };
    expect(decidePush(tickets, undefined, { newDocumentState: { ...wire, stationId: 's2' } }, device)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'wrong_station' },
    });
    expect(decidePush(tickets, stored({ stationId: 's2' }), { newDocumentState: wire }, device)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'wrong_station' },
    });
    expect(decidePush(tickets, undefined, { newDocumentState: { ...wire, deviceId: 'd2' } }, device)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'wrong_device' },
    });
    expect(
      decidePush(
        tickets,
        stored(),
        { assumedMasterState: wire, newDocumentState: { ...wire, deviceId: 'd2', status: 'called' } },
        device,
      ),
    ).toMatchObject({
      kind: 'refused',
      refusal: { code: 'wrong_device' },
    });
    // Another device of the same station may update the document, keeping its deviceId.
    expect(
      decidePush(
        tickets,
        stored(),
        { assumedMasterState: wire, newDocumentState: { ...wire, status: 'called' } },
        { id: 'd9', stationId: 's1', ...counter },
      ).kind,
    ).toBe('write');
  });
});
