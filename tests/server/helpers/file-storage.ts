/**
 * A localStorage-shaped key-value store kept in an append-only file, so a device
 * process killed (even with SIGKILL) and started again finds its data: each write
 * is one appended line, replayed on open.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export class FileKeyValue {
  private readonly data = new Map<string, string>();

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: [string, string | null];
      try {
        entry = JSON.parse(line) as [string, string | null];
      } catch {
        continue; // a line cut short by a kill
      }
      if (entry[1] === null) this.data.delete(entry[0]);
      else this.data.set(entry[0], entry[1]);
    }
  }

  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
    appendFileSync(this.file, `${JSON.stringify([key, String(value)])}\n`);
  }

  removeItem(key: string): void {
    if (!this.data.delete(key)) return;
    appendFileSync(this.file, `${JSON.stringify([key, null])}\n`);
  }

  key(i: number): string | null {
    return [...this.data.keys()][i] ?? null;
  }

  get length(): number {
    return this.data.size;
  }
}
