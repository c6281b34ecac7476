import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '#services/logger.ts';
import { collectingSink, useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();

async function readLines(filePath: string): Promise<Record<string, unknown>[]> {
  return (await readFile(filePath, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logger', () => {
  it('appends one JSON object per line and echoes a readable line to stderr', async () => {
    const filePath = join(await tempDir(), 'logs', 'kiosk.log');
    const stderr = collectingSink();
    const logger = createLogger({ filePath, module: 'main', stderr });

    logger.info('started', { port: 5180 });
    logger.child('printer').error('paper out');

    const lines = await readLines(filePath);
    expect(lines).toMatchObject([
      { level: 'info', module: 'main', message: 'started', detail: { port: 5180 } },
      { level: 'error', module: 'printer', message: 'paper out' },
    ]);
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
    expect(stderr.text()).toContain('ERROR printer: paper out');
  });

  it('drops entries below the minimum level', async () => {
    const filePath = join(await tempDir(), 'kiosk.log');
    const logger = createLogger({ filePath, minLevel: 'warn', stderr: collectingSink() });
    logger.info('routine');
    logger.warn('odd');
    expect((await readLines(filePath)).map((line) => line.message)).toEqual(['odd']);
  });

  it('keeps the message and stack of an Error detail', async () => {
    const filePath = join(await tempDir(), 'kiosk.log');
    createLogger({ filePath, stderr: collectingSink() }).error('failed', new Error('disk full'));
    const [line] = await readLines(filePath);
    expect(line?.detail).toMatchObject({
      name: 'Error',
      message: 'disk full',
      stack: expect.stringContaining('disk full'),
    });
  });

  it('keeps the line when its detail cannot be serialized', async () => {
    const filePath = join(await tempDir(), 'kiosk.log');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    createLogger({ filePath, stderr: collectingSink() }).warn('loop', circular);
    const [line] = await readLines(filePath);
    expect(line).toMatchObject({ level: 'warn', message: 'loop', detail: expect.any(String) });
  });

  it('keeps logging to stderr when the file cannot be written, and never throws', async () => {
    const blocker = join(await tempDir(), 'not-a-folder');
    await writeFile(blocker, '');
    const stderr = collectingSink();
    const logger = createLogger({ filePath: join(blocker, 'kiosk.log'), stderr });
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    expect(() => logger.warn('still here', circular)).not.toThrow();
    expect(stderr.text()).toContain('still here');
  });
});
