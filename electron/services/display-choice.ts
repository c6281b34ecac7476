/**
 * Which screen shows the calling display, kept in `<dataDir>/display-choice.json`.
 * Apart from the device config because the screens are the hardware's business:
 * a screen id means nothing on another machine, and the district never sees it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DisplayInfo } from '#ipc/contract.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const DISPLAY_CHOICE_FILE_NAME = 'display-choice.json';

/** The browser host cannot see the machine's screens: it offers the one the page is on. */
export const THIS_SCREEN: DisplayInfo = { id: 'this-screen', label: 'this screen', primary: true };

export interface DisplayChoice {
  get(): Promise<string | null>;
  set(id: string | null): Promise<void>;
}

export function createDisplayChoice({ dataDir }: { dataDir: string }): DisplayChoice {
  const filePath = join(dataDir, DISPLAY_CHOICE_FILE_NAME);
  return {
    async get() {
      try {
        const data = JSON.parse(await readFile(filePath, 'utf8')) as { displayId?: unknown };
        return typeof data.displayId === 'string' ? data.displayId : null;
      } catch {
        // Missing or damaged: no choice yet; the technician picks again.
        return null;
      }
    },
    async set(id) {
      await mkdir(dataDir, { recursive: true });
      await writeFileAtomic(filePath, JSON.stringify({ displayId: id }, null, 2) + '\n');
    },
  };
}
