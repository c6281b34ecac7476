/**
 * The naming rules of the district's update feed, shared by the device updater
 * (which builds its feed URL) and the district (which serves and publishes the
 * files, sync/server/updates/). A device's feed is `<districtUrl>/updates/<channel>`
 * in electron-updater's generic-provider layout:
 *
 *   <channel>/latest.yml            Windows (NSIS)
 *   <channel>/latest-linux.yml      Linux x64 (AppImage, deb)
 *   <channel>/latest-linux-arm64.yml
 *   <channel>/<artifact files>
 *
 * The file names inside are always latest*.yml, so a channel is nothing but a
 * folder. Names are kept to a small ASCII set, which is also the path-traversal
 * defence of the route. Runtime-free.
 */

/** The path prefix of the update feed on the district; a channel's folder follows it. */
export const UPDATES_PREFIX = '/updates';

/** An update channel name: "latest", "beta", "pilot-huamu"… */
export const UPDATE_CHANNEL_PATTERN = '^[a-z][a-z0-9-]{0,31}$';
/** A servable file name: no path separators, no leading dot (dotfiles are half-written copies). */
export const UPDATE_FILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$';

const channelRegex = new RegExp(UPDATE_CHANNEL_PATTERN);
const fileNameRegex = new RegExp(UPDATE_FILE_NAME_PATTERN);

/** Whether `name` is a valid update channel name (not a device API channel: see electron/ipc/channel-names.ts). */
export function isUpdateChannelName(name: string): boolean {
  return channelRegex.test(name);
}

/** Whether `name` may be served or published as an update file. */
export function isUpdateFileName(name: string): boolean {
  return fileNameRegex.test(name) && !name.includes('..');
}

/** Whether a file is one of electron-updater's channel files (as opposed to an artifact). */
export function isChannelFile(name: string): boolean {
  return /^latest(-[a-z0-9-]+)?\.yml$/.test(name);
}
