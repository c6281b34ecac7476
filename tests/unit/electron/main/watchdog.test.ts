import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWatchdog } from '#main/watchdog.ts';

function fakeWindow() {
  const webContents = Object.assign(new EventEmitter(), { reload: vi.fn(), forcefullyCrashRenderer: vi.fn() });
  return Object.assign(new EventEmitter(), { webContents, isDestroyed: () => false });
}

describe('kiosk window watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const win = fakeWindow();
    const deps = {
      window: () => win as unknown as BrowserWindow,
      recreateWindow: vi.fn(),
      relaunch: vi.fn(),
      showTechnicianMessage: vi.fn(),
      failuresFile: join(mkdtempSync(join(tmpdir(), 'watchdog-')), 'failures.json'),
      logger: { warn: vi.fn(), error: vi.fn() },
      now: () => Date.now(),
    };
    const watchdog = createWatchdog(deps);
    watchdog.watch(win as unknown as BrowserWindow);
    const crash = () => win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    return { win, deps, crash };
  }

  it('reloads a crashed screen, then recreates the window, then relaunches the app carrying the failures', async () => {
    const { win, deps, crash } = setup();
    crash();
    expect(win.webContents.reload).not.toHaveBeenCalled(); // a pause first, so a crash loop cannot spin
    await vi.advanceTimersByTimeAsync(1_000);
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    crash();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(deps.recreateWindow).toHaveBeenCalledTimes(1);
    crash();
    crash();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(deps.relaunch).toHaveBeenCalled();
    expect(JSON.parse(readFileSync(deps.failuresFile, 'utf8'))).toHaveLength(4);
  });

  it('kills a renderer that stays hung, then recovers it', async () => {
    const { win } = setup();
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(win.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    win.webContents.emit('render-process-gone', {}, { reason: 'killed' });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
  });

  it('tells the technician instead of looping after too many failures', async () => {
    const { deps, crash } = setup();
    for (let i = 0; i < 5; i++) crash();
    expect(deps.showTechnicianMessage).toHaveBeenCalledWith(expect.stringContaining('failed 5 times'));
  });
});
