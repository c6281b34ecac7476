/**
 * The zero-setup demo district lets a user add a counter: the demo kiosk takes one
 * issuing slot of several, so a counter's enrolment code for another slot is redeemed
 * (with one slot, as before, the demo refused it: issuing_slot_taken).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENROL_PATH } from '#protocol/api.ts';
import type { DistrictServer } from '#server/server.ts';
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import { DEMO_ISSUING_SLOTS, startEmbeddedDistrict } from '#services/embedded-district.ts';

const dirs: string[] = [];
let server: DistrictServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the embedded demo district', () => {
  it('enrols the demo kiosk in slot 0 and lets a counter join in another slot', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-demo-'));
    dirs.push(dataDir);
    const logger = { info: () => {}, warn: () => {} };
    const configStore = createConfigStore({ dataDir, logger });
    const credentialStore = createCredentialStore({ dataDir });
    server = await startEmbeddedDistrict({
      dataDir,
      demoCatalogPath: join(process.cwd(), 'assets', 'catalog', 'demo-catalog.json'),
      configStore,
      credentialStore,
      port: 0,
    });
    const kiosk = await configStore.get();
    expect(kiosk).toMatchObject({ role: 'kiosk', issuingSlot: 0, issuingSlots: DEMO_ISSUING_SLOTS });

    const { code } = await server.repo.enrolment.createCode({
      stationId: kiosk.stationId,
      role: 'counter',
      issuingSlot: 1,
      issuingSlots: DEMO_ISSUING_SLOTS,
      ttlMs: 60_000,
    });
    const res = await fetch(`${server.url}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: 'demo counter' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ role: 'counter', issuingSlot: 1, stationId: kiosk.stationId });
  });
});
