/**
 * The real replication client against a district whose database was rebuilt from
 * scratch: the device keeps its checkpoint from the old database. Either the new
 * database's positions sit above it (migration 007 starts them at the creation time)
 * or the checkpoint is past every row (409 checkpoint_ahead, then the client pulls
 * from the start): in both cases the device must get the new rows instead of stalling.
 */
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { type KioskCollections } from '#renderer/db/database.ts';
import { testDeviceCollections } from './helpers/test-device.ts';
import { Outbox } from '#client/outbox.ts';
import { startDistrictSync } from '#client/device-replication.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { startDistrictServer, type DistrictServer } from '#server/server.ts';
import { ADMIN, ROOMY_LIMITS, catalogFile } from './helpers/fixtures.ts';

const TOKEN = ADMIN.authorization.replace('Bearer ', '');

async function district(port: number, services: string[]): Promise<{ server: DistrictServer; credential: string }> {
  const server = await startDistrictServer({ port, host: '127.0.0.1', adminToken: TOKEN, limits: ROOMY_LIMITS });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  await post('/api/v1/admin/stations', { id: 's1', name: 's1' });
  await post('/api/v1/admin/catalog', catalogFile('s1', services, []));
  const { code } = await post('/api/v1/admin/stations/s1/enrolment-codes', { role: 'display' });
  const enrolled = await fetch(`${server.url}/api/v1/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return { server, credential: ((await enrolled.json()) as { credential: string }).credential };
}

describe('replication client and a rebuilt district', () => {
  it('pulls everything again when its checkpoint is ahead of the district', { timeout: 240_000 }, async () => {
    const db = await createRxDatabase<KioskCollections>({
      name: `reset-${process.pid}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    await db.addCollections(testDeviceCollections());
    const data = new Map<string, string>();
    const outbox = new Outbox({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) });
    const collections = db.collections as unknown as Record<ReplicatedCollection, RxCollection>;

    // The first district has many catalog changes, so the device's checkpoint ends high.
    const first = await district(
      0,
      Array.from({ length: 30 }, (_, i) => `old-${i}`),
    );
    const port = Number(new URL(first.server.url).port);
    let sync = startDistrictSync({ collections, districtUrl: first.server.url, credential: first.credential, outbox });
    await sync.awaitInSync();
    expect(await db.services.count().exec()).toBe(30);
    await sync.stop();
    await first.server.close();

    // Rebuilt from scratch on the same address, with fewer writes: every lwt is lower.
    const second = await district(port, ['new-1', 'new-2']);
    try {
      sync = startDistrictSync({ collections, districtUrl: second.server.url, credential: second.credential, outbox });
      await expect
        .poll(async () => (await db.services.findByIds(['new-1', 'new-2']).exec()).size, { timeout: 30_000 })
        .toBe(2);
      await sync.stop();
    } finally {
      await second.server.close();
      await db.close();
    }
  });
});
