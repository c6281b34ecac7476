/** The header's three states, from where the device syncs and what its hub says of the district. */
import { describe, expect, it } from 'vitest';
import { stationLink } from '#client/station-endpoint.ts';
import type { HubStatus } from '#protocol/hub.ts';

const hub = (districtConnected: boolean): HubStatus => ({
  stationId: 's1',
  hubDeviceId: 'h',
  districtConnected,
  waiting: 0,
  lagMs: 0,
  lastContactAt: null,
  devices: [],
});

describe('stationLink', () => {
  it('names the three states in the order a station loses its links', () => {
    expect(stationLink({ via: 'hub', connection: 'online', hub: hub(true) })).toBe('all-connected');
    expect(stationLink({ via: 'hub', connection: 'online', hub: hub(false) })).toBe('station-only');
    // No report from the hub yet: the district is not claimed reachable.
    expect(stationLink({ via: 'hub', connection: 'online', hub: null })).toBe('station-only');
    expect(stationLink({ via: 'district', connection: 'online', hub: null })).toBe('all-connected');
    expect(stationLink({ via: 'district', connection: 'offline', hub: null })).toBe('alone');
    expect(stationLink({ via: 'hub', connection: 'offline', hub: hub(true) })).toBe('alone');
  });
});
