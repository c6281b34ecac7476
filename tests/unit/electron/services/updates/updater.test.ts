import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StationActivity } from '#services/updates/update-scheduler.ts';
import type { UpdaterPort } from '#services/updates/updater.ts';

// Stands in for electron-updater (which loads Electron): records that it was
// loaded, so the test can prove the updater module imports it only on use.
const loaded = vi.hoisted(() => ({ count: 0 }));
vi.mock('electron-updater', () => {
  loaded.count++;
  return { autoUpdater: makeFakeUpdater() };
});

interface FakeUpdater extends UpdaterPort {
  feed: unknown;
  checks: number;
  installs: [boolean | undefined, boolean | undefined][];
  listeners: Map<string, (arg: never) => void>;
  emit(event: string, arg: unknown): void;
}

function makeFakeUpdater(): FakeUpdater {
  return {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    logger: null,
    feed: null,
    checks: 0,
    installs: [],
    listeners: new Map(),
    setFeedURL(options) {
      this.feed = options;
    },
    async checkForUpdates() {
      this.checks++;
      return null;
    },
    quitAndInstall(isSilent, isForceRunAfter) {
      this.installs.push([isSilent, isForceRunAfter]);
    },
    on(event, listener) {
      this.listeners.set(event, listener);
      return this;
    },
    emit(event, arg) {
      (this.listeners.get(event) as (a: unknown) => void)(arg);
    },
  };
}

/** Timers that run only when the test says so. */
function manualTimers() {
  const pending: { fn: () => void; ms: number; repeat: boolean; cleared: boolean }[] = [];
  return {
    pending,
    setTimeout: (fn: () => void, ms: number) => pending[pending.push({ fn, ms, repeat: false, cleared: false }) - 1],
    setInterval: (fn: () => void, ms: number) => pending[pending.push({ fn, ms, repeat: true, cleared: false }) - 1],
    clear: (handle: unknown) => {
      (handle as { cleared: boolean }).cleared = true;
    },
    run: (ms: number) => pending.filter((t) => t.ms === ms && !t.cleared).forEach((t) => t.fn()),
  };
}

const silent = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const DAY = new Date('2026-11-10T14:30:00+08:00');

function idleReport(now: Date, overrides: Partial<StationActivity> = {}): StationActivity {
  return {
    openTicketFlow: false,
    activeScreen: 'home',
    staffSignedIn: false,
    lastInteractionAt: now.getTime() - 3_600_000,
    reportedAt: now.getTime(),
    ...overrides,
  };
}

afterEach(() => vi.clearAllMocks());

describe('updater wiring', () => {
  it('does not load electron-updater until an updater is installed', async () => {
    const { installUpdater } = await import('#services/updates/updater.ts');
    expect(loaded.count).toBe(0);
    const handle = await installUpdater({
      districtUrl: 'https://district.example',
      logger: silent,
      getActivity: () => null,
      timers: manualTimers(),
      now: () => DAY,
    });
    expect(loaded.count).toBe(1);
    expect(handle.feedUrl).toBe('https://district.example/updates/latest');
    handle.stop();
  });

  it('points electron-updater at the district feed, downloads on its own and never installs on quit', async () => {
    const { installUpdater } = await import('#services/updates/updater.ts');
    const fake = makeFakeUpdater();
    const handle = await installUpdater({
      districtUrl: 'https://district.example/',
      channel: 'pilot-huamu',
      logger: silent,
      getActivity: () => null,
      timers: manualTimers(),
      loadUpdater: async () => fake,
    });
    expect(fake.feed).toEqual({ provider: 'generic', url: 'https://district.example/updates/pilot-huamu' });
    expect(fake.autoDownload).toBe(true);
    expect(fake.autoInstallOnAppQuit).toBe(false);
    expect(handle.feedUrl).toBe('https://district.example/updates/pilot-huamu');
  });

  it('checks after a random first delay, then every hour; a failed check is only logged', async () => {
    const { installUpdater } = await import('#services/updates/updater.ts');
    const fake = makeFakeUpdater();
    fake.checkForUpdates = async function () {
      this.checks++;
      throw new Error('getaddrinfo ENOTFOUND district.example');
    };
    const timers = manualTimers();
    await installUpdater({
      districtUrl: 'https://district.example',
      logger: silent,
      getActivity: () => null,
      timers,
      random: () => 0.5,
      loadUpdater: async () => fake,
    });
    const first = timers.pending.find((t) => !t.repeat);
    expect(first?.ms).toBe(60_000 + 270_000);
    first?.fn();
    timers.run(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.checks).toBe(2);
    expect(silent.warn).toHaveBeenCalledWith('update check failed', {
      message: 'getaddrinfo ENOTFOUND district.example',
    });
  });

  it('installs a downloaded update only when the policy allows, once, silently, restarting the app', async () => {
    const { installUpdater } = await import('#services/updates/updater.ts');
    const fake = makeFakeUpdater();
    const timers = manualTimers();
    let report = idleReport(DAY, { openTicketFlow: true, lastInteractionAt: DAY.getTime() - 60_000 });
    const handle = await installUpdater({
      districtUrl: 'https://district.example',
      logger: silent,
      getActivity: () => report,
      timers,
      now: () => DAY,
      loadUpdater: async () => fake,
    });

    expect(handle.review()).toEqual({ install: false, reason: 'no-update' });
    fake.emit('update-downloaded', { version: '1.3.0' });
    expect(handle.pendingVersion()).toBe('1.3.0');
    expect(fake.installs).toEqual([]);

    timers.run(60_000);
    expect(fake.installs).toEqual([]);

    report = idleReport(DAY);
    timers.run(60_000);
    expect(fake.installs).toEqual([[true, true]]);
    timers.run(60_000);
    expect(fake.installs).toHaveLength(1);
  });

  it('refuses a channel that is not a folder name and a district URL that is not http(s)', async () => {
    const { updateFeedUrl } = await import('#services/updates/updater.ts');
    expect(() => updateFeedUrl('https://district.example', '../admin')).toThrow(/channel/);
    expect(() => updateFeedUrl('file:///etc', 'latest')).toThrow(/http/);
    expect(updateFeedUrl('http://10.1.2.3:8787/district/', 'beta')).toBe('http://10.1.2.3:8787/district/updates/beta');
  });
});
