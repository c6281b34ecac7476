/**
 * Atomic file replacement: write a temporary file next to the target, flush it to
 * disk, then rename it over the target. A power cut leaves either the old file or
 * the new one, never half of each — stations lose power without warning.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `filePath` with `text` atomically. `mode` is given to the file as it is
 * created (before any byte is written), so a secret is never readable by others, not even briefly.
 */
export async function writeFileAtomic(filePath: string, text: string, { mode = 0o666 } = {}): Promise<void> {
  const tempPath = `${filePath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // 'wx': a fresh file, so the mode applies (an existing file would keep its own).
    const handle = await open(tempPath, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await syncDirectory(dirname(filePath));
}

/** Makes the rename itself durable on Linux; other systems do not allow opening a folder, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}
