/**
 * Each role reads only what it needs: the staff list with PIN hashes reaches
 * counters only, and no device reads a resident's phone number back — by pull, by
 * the live stream, or in a push conflict. The conflict contract still holds with
 * the narrower views (a device's assumed state is the view it was given).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import { MULTIPLEX_STREAM_PATH } from '#protocol/wire-messages.ts';
import { buildApp } from '#server/app.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { describeEachDriver, type Storage } from './helpers/drivers.ts';
import { ADMIN, ADMIN_TOKEN, bearer, catalogFile, expectStatus, need } from './helpers/fixtures.ts';
import { openStream } from './helpers/sse.ts';

const PHONE = '13912345678';

describeEachDriver('read table', (driver) => {
  let storage: Storage;
  let repo: DistrictRepository;
  let app: FastifyInstance;
  let base: string;
  const devices = {} as Record<'kiosk' | 'counter' | 'display', EnrolResponse>;

  const admin = async (url: string, payload: object, status: number) =>
    expectStatus(await app.inject({ method: 'POST', url: `/api/v1/admin${url}`, headers: ADMIN, payload }), status);
  const pull = async (device: EnrolResponse, collection: string) =>
    expectStatus(
      await app.inject({ method: 'GET', url: `/api/v1/replication/${collection}/pull`, headers: bearer(device) }),
      200,
    ).json<{ documents: Record<string, unknown>[] }>().documents;

  beforeAll(async () => {
    storage = await driver.createStorage();
    repo = await storage.open();
    app = await buildApp({ repo, adminToken: ADMIN_TOKEN });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await admin('/stations', { id: 's1', name: 's1' }, 201);
    const slots = {
      kiosk: { issuingSlot: 0, issuingSlots: 2 },
      counter: { issuingSlot: 1, issuingSlots: 2 },
      display: {},
    };
    for (const role of ['kiosk', 'counter', 'display'] as const) {
      const { code } = (await admin('/stations/s1/enrolment-codes', { role, ...slots[role] }, 201)).json<{
        code: string;
      }>();
      devices[role] = expectStatus(
        await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } }),
        201,
      ).json<EnrolResponse>();
    }
  });
  afterAll(async () => {
    await app?.close();
    await storage?.dispose();
  });

  it('gives PIN hashes to counters only and phone numbers to no device: pull, stream and conflicts', async () => {
    const streams = {
      kiosk: await openStream(`${base}${MULTIPLEX_STREAM_PATH}`, bearer(devices.kiosk)),
      display: await openStream(`${base}${MULTIPLEX_STREAM_PATH}`, bearer(devices.display)),
      counter: await openStream(`${base}${MULTIPLEX_STREAM_PATH}`, bearer(devices.counter)),
    };
    try {
      await admin('/catalog', catalogFile('s1', [], ['own-1']), 200);
      const left = need(devices.kiosk, 'n1', { contact: PHONE });
      const push = await app.inject({
        method: 'POST',
        url: '/api/v1/replication/needs/push',
        headers: bearer(devices.kiosk),
        payload: [{ newDocumentState: left }],
      });
      expect(expectStatus(push, 200).json()).toEqual([]);
      // Stored in full for the district.
      const [row] = await repo.db.query<{ doc: { contact?: string } }>(`SELECT doc FROM needs WHERE id = 'n1'`);
      expect(row?.doc.contact).toBe(PHONE);

      const counterStation = (await pull(devices.counter, 'stations'))[0]!;
      expect((counterStation.staff as { pin: { hash: string } }[])[0]!.pin.hash).toEqual(expect.any(String));
      for (const role of ['kiosk', 'display', 'counter'] as const) {
        const station = (await pull(devices[role], 'stations'))[0]!;
        expect(station.queues, role).toEqual(expect.any(Array));
        if (role !== 'counter') expect(station, role).not.toHaveProperty('staff');
        const needs = await pull(devices[role], 'needs');
        expect(
          needs.map((n) => n.id),
          role,
        ).toEqual(['n1']);
        expect(JSON.stringify(needs), role).not.toContain(PHONE);
      }

      // The live stream carries the same views.
      const stationEvent = (m: unknown) => (m as { collection?: string }).collection === 'stations';
      const needEvent = (m: unknown) => (m as { collection?: string }).collection === 'needs';
      for (const role of ['kiosk', 'display'] as const) {
        const text = JSON.stringify([await streams[role].next(stationEvent), await streams[role].next(needEvent)]);
        expect(text, role).not.toContain('"pin"');
        expect(text, role).not.toContain('"staff"');
        expect(text, role).not.toContain(PHONE);
      }
      const counterText = JSON.stringify([
        await streams.counter.next(stationEvent),
        await streams.counter.next(needEvent),
      ]);
      expect(counterText).toContain('"pin"');
      expect(counterText).not.toContain(PHONE);

      // A conflict answers with the view too; and a push that assumes the view it was given
      // is compared correctly (here refused as a change to a need, not a false conflict).
      const { contact: _c, ...seen } = left;
      const conflict = await app.inject({
        method: 'POST',
        url: '/api/v1/replication/needs/push',
        headers: bearer(devices.kiosk),
        payload: [{ newDocumentState: { ...seen, text: 'other' } }],
      });
      expect(expectStatus(conflict, 200).json()).toEqual([seen]);
      const assumed = await app.inject({
        method: 'POST',
        url: '/api/v1/replication/needs/push',
        headers: { ...bearer(devices.kiosk), accept: 'application/vnd.doorstep.push-report+json' },
        payload: [{ assumedMasterState: seen, newDocumentState: { ...seen, text: 'other' } }],
      });
      expect(expectStatus(assumed, 200).json()).toEqual({
        conflicts: [],
        refused: [{ id: 'n1', code: 'need_immutable', message: expect.any(String) }],
      });
      // Retrying the original push (with the phone number) is still a success, not a conflict.
      const retry = await app.inject({
        method: 'POST',
        url: '/api/v1/replication/needs/push',
        headers: bearer(devices.kiosk),
        payload: [{ newDocumentState: left }],
      });
      expect(expectStatus(retry, 200).json()).toEqual([]);
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });
});
