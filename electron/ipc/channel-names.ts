/**
 * The device API's channel names (`domain:verb`). A list apart from the schemas
 * (channel-schemas.ts, keyed by exactly these names, checked by the compiler) so
 * the preload bundle inlines these few strings and not the schemas.
 * Runtime-free.
 */
export const CHANNEL_NAMES = [
  'station:activity',
  'app:quit',
  'app:getInfo',
  'config:get',
  'catalog:loadDemo',
  'log:write',
  'sync:getSession',
  'printer:printTicket',
  'setup:getState',
  'technician:setPin',
  'technician:verifyPin',
  'setup:enrol',
  'printer:configure',
  'printer:test',
  'printer:status',
  'diagnostics:get',
  'diagnostics:export',
  'displays:list',
  'displays:choose',
  'follow:link',
  'hub:turnOn',
  'hub:turnOff',
  'hub:setAddress',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Whether a string names a device API channel (own names only, so '__proto__' is not one). */
export function isDeviceChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}
