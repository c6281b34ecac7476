import { describe, expect, it } from 'vitest';
import { createSerialQueue } from '#protocol/serial-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('serial queue', () => {
  it('starts a job only after the one before it has finished', async () => {
    const serially = createSerialQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = serially(async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
      return 1;
    });
    const second = serially(() => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('gives a failure to its own caller and carries on with the next job', async () => {
    const serially = createSerialQueue();
    const failed = serially(async () => {
      throw new Error('paper out');
    });
    const next = serially(async () => 'printed');
    await expect(failed).rejects.toThrow('paper out');
    await expect(next).resolves.toBe('printed');
  });

  it('keeps separate queues apart', async () => {
    const a = createSerialQueue();
    const b = createSerialQueue();
    const gate = deferred();
    const blocked = a(() => gate.promise);
    await expect(b(async () => 'not waiting')).resolves.toBe('not waiting');
    gate.resolve();
    await blocked;
  });
});
