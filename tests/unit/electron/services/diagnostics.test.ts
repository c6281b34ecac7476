import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterStatusInfo } from '#ipc/contract.ts';
import { DeviceFailure } from '#ipc/errors.ts';
import { CREDENTIAL_REDACTED, checkDistrict, createDiagnostics } from '#services/diagnostics.ts';
import { defaultDeviceConfig } from '#services/device-config.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A /health that answers with a Date header `skewMs` away from this machine's clock. */
async function district(skewMs: number, status = 200): Promise<string> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? status : 404, {
      date: new Date(Date.now() + skewMs).toUTCString(),
      'content-type': 'application/json',
    });
    res.end('{"status":"ok"}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const noPrinter: PrinterStatusInfo = {
  kind: 'none',
  printer: 'no printer',
  reachable: null,
  paper: 'unknown',
  problem: null,
};

describe('checkDistrict', () => {
  it('reports a reachable district and a clock in step within a second', async () => {
    const check = await checkDistrict(await district(0));
    expect(check).toMatchObject({ reachable: true, status: 200, error: null });
    expect(Math.abs(check.clockOffsetMs!)).toBeLessThanOrEqual(1000);
  });

  it('measures a server clock five minutes ahead of the device', async () => {
    const check = await checkDistrict(await district(5 * 60_000));
    expect(check.clockOffsetMs! / 1000).toBeCloseTo(300, -1);
  });

  it('says why a district cannot be reached', async () => {
    const url = await district(0);
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const check = await checkDistrict(url);
    expect(check).toMatchObject({ reachable: false, status: null, clockOffsetMs: null });
    expect(check.error).toContain(url);
  });

  it('counts an unhealthy answer as not reachable, naming the status', async () => {
    expect(await checkDistrict(await district(0, 503))).toMatchObject({
      reachable: false,
      status: 503,
      error: expect.stringContaining('503'),
    });
  });
});

describe('diagnostics export', () => {
  async function device() {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-diag-'));
    const credential = 'secret-credential-0123456789abcdef';
    await mkdir(join(dataDir, 'logs'), { recursive: true });
    await writeFile(join(dataDir, 'logs', 'kiosk.log'), `{"message":"pull failed","detail":"Bearer ${credential}"}\n`);
    const config = { ...defaultDeviceConfig('device-1'), stationId: 'station-9', districtUrl: await district(0) };
    const diagnostics = createDiagnostics({
      dataDir,
      appInfo: { version: '1.2.3', runtime: 'browser' },
      configStore: { get: async () => config, lastRecovery: () => null },
      credentialStore: {
        get: async () => ({
          districtUrl: config.districtUrl,
          deviceId: 'device-1',
          stationId: 'station-9',
          credential,
          enrolledAt: 'x',
        }),
      },
      printerStatus: async () => noPrinter,
    });
    return { dataDir, credential, diagnostics };
  }

  it('tells who the device is, its district and printer', async () => {
    const { diagnostics } = await device();
    expect(await diagnostics.get()).toMatchObject({
      appVersion: '1.2.3',
      deviceId: 'device-1',
      stationId: 'station-9',
      enrolled: true,
      district: { reachable: true },
      printer: noPrinter,
    });
  });

  it('writes the logs and a bundle into a new folder, without the credential', async () => {
    const { credential, diagnostics } = await device();
    const stick = await mkdtemp(join(tmpdir(), 'doorstep-usb-'));
    const client = {
      connection: 'online',
      lastSyncedAt: 1,
      pending: 3,
      lastError: null,
      storageUsage: 1,
      storageQuota: 2,
      persisted: true,
    };
    const { files } = await diagnostics.exportTo(stick, client);
    expect(files.map((f) => f.slice(stick.length))).toEqual([
      expect.stringMatching(/^\/doorstep-diagnostics-device-1-.*\/logs\/kiosk\.log$/),
      expect.stringMatching(/\/diagnostics\.json$/),
    ]);
    for (const file of files) expect(await readFile(file, 'utf8')).not.toContain(credential);
    expect(await readFile(files[0]!, 'utf8')).toContain(CREDENTIAL_REDACTED);
    const bundle = JSON.parse(await readFile(files[1]!, 'utf8')) as {
      device: { deviceId: string };
      client: unknown;
      config: { stationId: string };
    };
    expect(bundle).toMatchObject({ device: { deviceId: 'device-1' }, client, config: { stationId: 'station-9' } });
    expect(await readdir(stick)).toHaveLength(1);
  });

  it('refuses a folder that is not there, saying so', async () => {
    const { diagnostics } = await device();
    await expect(diagnostics.exportTo('/no/such/usb-stick')).rejects.toMatchObject({ code: 'export_folder_invalid' });
    await expect(diagnostics.exportTo('relative/path')).rejects.toBeInstanceOf(DeviceFailure);
  });
});
