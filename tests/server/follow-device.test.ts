/**
 * The device's side of the phone links, against the real district: an enrolled
 * device fetches its station's key once, keeps it, and makes links the district
 * accepts — also after the district became unreachable, and also in a fresh start
 * of the device with no network.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import { enrolDevice } from '#services/enrolment.ts';
import { FOLLOW_KEY_FILE_NAME, createFollowLinks } from '#services/follow-links.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { ADMIN, expectStatus, ticket, useTestApp } from './helpers/fixtures.ts';

describeEachDriver('phone links made on the device', (driver) => {
  const ctx = useTestApp(driver);
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('fetches the key once, then signs links offline that the district accepts', async () => {
    await ctx.setUpStation('s1');
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-follow-'));
    dirs.push(dataDir);
    const { code } = expectStatus(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admin/stations/s1/enrolment-codes',
        headers: ADMIN,
        payload: { role: 'kiosk' },
      }),
      201,
    ).json<{ code: string }>();
    const logger = { info: () => undefined, warn: () => undefined };
    const enrolled = await enrolDevice(
      address,
      { code },
      { configStore: createConfigStore({ dataDir, logger }), credentialStore: createCredentialStore({ dataDir }) },
    );
    const mine = ticket(enrolled, 'mine', { serviceId: 'svc-s1', lang: 'en' });
    expect((await ctx.pushReport(enrolled, 'tickets', [{ newDocumentState: mine }])).refused).toEqual([]);

    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const links = createFollowLinks({ dataDir, credentialStore: createCredentialStore({ dataDir }), fetch: counting });
    const link = await links.linkFor('mine');
    expect(link).toMatch(new RegExp(`^${address}/t/mine\\.[A-Za-z0-9_-]{22}$`));
    expect(await links.linkFor('other')).not.toBe(link);
    expect(requests).toBe(1);
    // The key is the station's secret: only the app's user may read the file.
    expect((await stat(join(dataDir, FOLLOW_KEY_FILE_NAME))).mode & 0o077).toBe(0);
    expect(await readFile(join(dataDir, FOLLOW_KEY_FILE_NAME), 'utf8')).not.toContain(enrolled.credential);

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(mine.number);

    // A later start with the district out of reach: the same link, from the kept key.
    const offline = createFollowLinks({
      dataDir,
      credentialStore: createCredentialStore({ dataDir }),
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(await offline.linkFor('mine')).toBe(link);
  });

  it('makes no link before enrolment, and none (without asking again at once) while the district is unreachable', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-follow-'));
    dirs.push(dataDir);
    let requests = 0;
    const unreachable: typeof fetch = async () => {
      requests++;
      throw new TypeError('fetch failed');
    };
    const store = createCredentialStore({ dataDir });
    expect(await createFollowLinks({ dataDir, credentialStore: store, fetch: unreachable }).linkFor('t1')).toBeNull();
    expect(requests).toBe(0);
    await store.save({
      districtUrl: 'http://127.0.0.1:9',
      deviceId: 'd1',
      stationId: 's1',
      credential: 'dsk_x',
      enrolledAt: new Date().toISOString(),
    });
    const links = createFollowLinks({ dataDir, credentialStore: store, fetch: unreachable });
    expect(await links.linkFor('t1')).toBeNull();
    expect(await links.linkFor('t2')).toBeNull();
    expect(requests).toBe(1);
  });

  it('lets the printer wait only briefly for a key the district is slow to send, and uses it once it came', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-follow-'));
    dirs.push(dataDir);
    const store = createCredentialStore({ dataDir });
    await store.save({
      districtUrl: 'http://127.0.0.1:9',
      deviceId: 'd1',
      stationId: 's1',
      credential: 'dsk_x',
      enrolledAt: new Date().toISOString(),
    });
    let answer!: () => void;
    const slow: typeof fetch = () =>
      new Promise((resolve) => {
        answer = () => resolve(Response.json({ key: 'k'.repeat(43), publicUrl: 'https://queue.example.gov.cn' }));
      });
    const links = createFollowLinks({ dataDir, credentialStore: store, fetch: slow });
    expect(await links.linkFor('t1', { maxWaitMs: 50 })).toBeNull();
    answer();
    await links.prefetch();
    expect(await links.linkFor('t1', { maxWaitMs: 50 })).toMatch(/^https:\/\/queue\.example\.gov\.cn\/t\/t1\./);
  });
});
