/**
 * A station with its hub for the screens of issue 11: a real district process, a real
 * hub process (the district's code on its own PGlite, tests/server/helpers/server-child.ts),
 * and a kiosk and a counter, each a Chromium profile on its own browser host, pointed at
 * the hub. The station's whole WAN — the hub's uplink and the devices' own way to the
 * district — runs through a fault proxy (tests/server/helpers/fault-proxy.ts), so
 * "district unreachable" is a cut link, not a stopped server; stopping the hub on top
 * leaves each device alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigStore } from '#services/config-store.ts';
import { redeemEnrolmentCode } from '#services/enrolment.ts';
import { startFaultProxy, type FaultProxy } from '#tests/server/helpers/fault-proxy.ts';
import { restartServerChild, startHubChild, type HubChild } from '#tests/server/helpers/server-child.ts';
import {
  admin,
  DistrictProcess,
  enrolDeviceFolder,
  freePort,
  openDevice,
  setUpDemoStation,
  type Device,
} from './district.ts';

export interface HubStation {
  stationId: string;
  hubUrl: string;
  wan: FaultProxy;
  kiosk: Device;
  counter: Device;
  /** SIGKILL, as a power cut on the hub box. */
  killHub(): Promise<void>;
  /** The hub again, on its storage and port. */
  restartHub(): Promise<void>;
  close(): Promise<void>;
}

const quiet = { info: () => undefined, warn: () => undefined };

export async function openHubStation(): Promise<HubStation> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-hub-status-'));
  const district = new DistrictProcess(join(root, 'district'), await freePort());
  let wan: FaultProxy | undefined;
  let hub: HubChild | undefined;
  const devices: Device[] = [];
  const close = async () => {
    await Promise.allSettled(devices.map((d) => d.close()));
    await hub?.stop('SIGKILL');
    await wan?.close();
    await district.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await district.start();
    const { station } = await setUpDemoStation(district.url);
    wan = await startFaultProxy(district.url);
    const { code } = await admin<{ code: string }>(district.url, 'POST', `/stations/${station.id}/enrolment-codes`, {
      hub: true,
    });
    const enrolment = await redeemEnrolmentCode(wan.url, { code, deviceName: 'station hub' }, {});
    hub = await startHubChild({ enrolment, uplinkUrl: wan.url, dataDir: join(root, 'hub'), port: await freePort() });
    const hubUrl = hub.url.replace(/\/+$/, '');
    for (const [name, device] of [
      ['kiosk', { role: 'kiosk', slot: 0, slots: 2 }],
      ['counter', { role: 'counter', slot: 1, slots: 2 }],
    ] as const) {
      const dataDir = join(root, name, 'device');
      await enrolDeviceFolder(wan.url, dataDir, station.id, device);
      await createConfigStore({ dataDir, logger: quiet }).update({ hubUrl });
    }
    // The hub knows the devices once its uplink pulled the station's device list.
    await hub.settled();
    devices.push(await openDevice(root, 'kiosk'), await openDevice(root, 'counter'));
    const [kiosk, counter] = devices as [Device, Device];
    return {
      stationId: station.id,
      hubUrl,
      wan,
      kiosk,
      counter,
      killHub: async () => {
        await hub?.stop('SIGKILL');
      },
      restartHub: async () => {
        hub = await restartServerChild(hub!);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
