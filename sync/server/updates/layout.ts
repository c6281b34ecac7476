/**
 * The district's update folder on disk: `<updatesDir>/<channel>/<file>`, laid out
 * by the naming rules of sync/protocol/update-feed.ts (shared with the device
 * updater). This module adds only what needs the file system.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isUpdateChannelName, isUpdateFileName } from '#protocol/update-feed.ts';

/**
 * The real path of an update file if it is a regular file inside the update
 * folder, else null. Resolving symlinks first means a link planted in a channel
 * folder cannot reach outside it.
 */
export async function resolveUpdateFile(updatesDir: string, channel: string, fileName: string): Promise<string | null> {
  if (!isUpdateChannelName(channel) || !isUpdateFileName(fileName)) return null;
  try {
    const [root, file] = await Promise.all([realpath(updatesDir), realpath(join(updatesDir, channel, fileName))]);
    if (!file.startsWith(root + sep)) return null;
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}
