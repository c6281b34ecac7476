/**
 * Child-process entry: a district or a station hub that can really be killed
 * (SIGKILL) and started again on the same storage and port. SERVER_ROLE says
 * which; SERVER_OPTIONS (JSON) carries the storage and port and, for a hub, its
 * enrolment and uplink address (which may be a fault proxy's). Commands arrive
 * over IPC from helpers/server-child.ts.
 */
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { StationHub } from '#server/hub/hub-server.ts';
import { districtTickets, enrolHub, startLiveHub } from './live-hub.ts';
import { startLiveDistrict, type LiveDistrict, type LiveDistrictOptions } from './live-district.ts';

export interface DistrictProcessOptions extends LiveDistrictOptions {
  role: 'district';
}
export interface HubProcessOptions {
  role: 'hub';
  enrolment: EnrolResponse;
  uplinkUrl: string;
  port?: number;
  dataDir: string;
}
export type ServerProcessOptions = DistrictProcessOptions | HubProcessOptions;

const options = JSON.parse(process.env.SERVER_OPTIONS ?? '{}') as ServerProcessOptions;
let district: LiveDistrict | undefined;
let hub: StationHub | undefined;
if (options.role === 'district') district = await startLiveDistrict(options);
else hub = await startLiveHub(options.enrolment, options.uplinkUrl, options);

type Command =
  | { cmd: 'createStation'; stationId: string; services?: string[] }
  | {
      cmd: 'enrol';
      stationId: string;
      role?: 'kiosk' | 'counter' | 'display';
      issuingSlot?: number;
      issuingSlots?: number;
    }
  | { cmd: 'enrolHub'; stationId: string }
  | { cmd: 'revoke'; deviceId: string }
  | { cmd: 'tickets'; stationId: string }
  | { cmd: 'refusals'; stationId: string }
  | { cmd: 'uplink' }
  | { cmd: 'settled' }
  | { cmd: 'exit' };

const need = <T>(value: T | undefined, what: string): T => {
  if (!value) throw new Error(`this process is not a ${what}`);
  return value;
};

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'createStation':
      return need(district, 'district').createStation(command.stationId, command.services);
    case 'enrol': {
      const { cmd: _cmd, id: _id, stationId, ...enrolOptions } = command as typeof command & { id?: number };
      return need(district, 'district').enrol(stationId, enrolOptions);
    }
    case 'enrolHub':
      return enrolHub(need(district, 'district'), command.stationId);
    case 'revoke':
      return need(district, 'district').revoke(command.deviceId);
    case 'tickets':
      return districtTickets(need(district, 'district'), command.stationId);
    case 'refusals':
      return need(district, 'district').server.repo.db.query(
        'SELECT device_id, collection, doc_id, rule, message FROM write_refusals WHERE station_id = $1',
        [command.stationId],
      );
    case 'uplink':
      return need(hub, 'hub').uplink.state();
    case 'settled':
      return need(hub, 'hub').uplink.settled();
    case 'exit':
      if (district) {
        district.server.app.server.closeAllConnections();
        await district.close();
      }
      await hub?.close();
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

process.on('message', (message: { id: number } & Command) => {
  run(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value: value ?? null }),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({
  ready: true,
  url: district?.url ?? hub!.url,
  port: district?.port ?? hub!.port,
  storage: district?.storage ?? null,
});
