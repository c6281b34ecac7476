/**
 * The district's update folder, as electron-updater's generic provider reads it:
 *
 *   <updatesDir>/<channel>/latest.yml           Windows (NSIS)
 *   <updatesDir>/<channel>/latest-linux.yml     Linux x64 (AppImage, deb)
 *   <updatesDir>/<channel>/latest-linux-arm64.yml
 *   <updatesDir>/<channel>/<artifact files>
 *
 * A device's feed is `<districtUrl>/updates/<channel>`; the file names inside are
 * always latest*.yml, so a channel is nothing but a folder. Names are kept to a
 * small ASCII set, which is also the path-traversal defence of the route.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** A channel name: "latest", "beta", "pilot-huamu"… */
export const CHANNEL_PATTERN = '^[a-z][a-z0-9-]{0,31}$';
/** A servable file name: no path separators, no leading dot (dotfiles are half-written copies). */
export const FILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$';

const channelRegex = new RegExp(CHANNEL_PATTERN);
const fileNameRegex = new RegExp(FILE_NAME_PATTERN);

/** Whether `name` is a valid channel name. */
export function isChannelName(name: string): boolean {
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

/**
 * The real path of an update file if it is a regular file inside the update
 * folder, else null. Resolving symlinks first means a link planted in a channel
 * folder cannot reach outside it.
 */
export async function resolveUpdateFile(updatesDir: string, channel: string, fileName: string): Promise<string | null> {
  if (!isChannelName(channel) || !isUpdateFileName(fileName)) return null;
  try {
    const [root, file] = await Promise.all([realpath(updatesDir), realpath(join(updatesDir, channel, fileName))]);
    if (!file.startsWith(root + sep)) return null;
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}
