/**
 * The station hub in a process of its own (sync/README.md, "Station hub"): the
 * same StationHubService the browser host runs in-process, but the district
 * server code and PGlite run in a child forked from the hub entry
 * (electron/hub/hub-entry.ts, bundled to dist/electron/hub.cjs), so a busy or
 * crashing hub never freezes or takes down the kiosk window.
 *
 * This side supervises: it forks the child on first use, speaks the checked
 * protocol of hub-process-protocol.ts, answers the child's config requests (the
 * config file has one writer, this process), restarts a hub that died while it
 * should be running (bounded backoff, every step logged) and ends the child on
 * turnOff and stop, so nothing is left behind.
 *
 * Plain Node: the fork function is injected. Electron's main passes
 * `utilityProcess.fork`; tests and tools pass Node's `child_process.fork`.
 */
import { basename, dirname, join } from 'node:path';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import {
  checkFromHub,
  fromWireError,
  type FromHub,
  type HubConfigView,
  type HubInit,
  type HubMethod,
  type ToHub,
} from './hub-process-protocol.ts';
import type { StationHubDeps, StationHubInfo, StationHubService } from './station-hub.ts';

/** What both `utilityProcess.fork` and `child_process.fork` return, as far as the supervisor uses it. */
export interface ForkedHub {
  readonly pid?: number | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  /** Electron gives the exit code; Node gives null for a process ended by a signal. */
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  kill(): boolean;
  /** Electron's UtilityProcess. */
  postMessage?(message: unknown): void;
  /** Node's ChildProcess. */
  send?(message: unknown): boolean;
}

/** `utilityProcess.fork` or `child_process.fork`. */
export type ForkHub = (modulePath: string, args: string[], options: { serviceName?: string }) => ForkedHub;

/**
 * The bundled hub entry of the app folder (scripts/build-electron.mjs writes it). In a
 * package the app folder is resources/app.asar, and the hub is a plain file beside it in
 * app.asar.unpacked (electron-builder.yml asarUnpack), with PGlite's engine next to it.
 */
export function hubEntryPath(appDir: string): string {
  const root = basename(appDir) === 'app.asar' ? join(dirname(appDir), 'app.asar.unpacked') : appDir;
  return join(root, 'dist', 'electron', 'hub.cjs');
}

/** After a crash the hub comes back after 1 s, then waits longer each time, never more than 30 s. */
export const RESTART_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000] as const;
/** A hub that ran this long before dying starts its backoff from the first delay again. */
const STABLE_RUN_MS = 60_000;
/** A first start may run initdb on a slow box, and turnOn waits for the district: generous. */
const CALL_TIMEOUT_MS = 120_000;
const EXIT_WAIT_MS = 5000;

export interface HubProcessDeps extends Pick<
  StationHubDeps,
  'dataDir' | 'configStore' | 'logger' | 'port' | 'host' | 'transport'
> {
  fork: ForkHub;
  /** The bundled hub entry (hubEntryPath). */
  entryPath: string;
  restartDelaysMs?: readonly number[];
  callTimeoutMs?: number;
  /** Tests only, passed to the hub process (see HubInit). */
  hubInit?: Pick<HubInit, 'pgliteTemplateFile' | 'streamHeartbeatMs' | 'uplink'>;
}

interface Pending {
  resolve(value: StationHubInfo | null): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Child {
  proc: ForkedHub;
  pending: Map<number, Pending>;
  exited: Promise<void>;
}

/**
 * What a host passes to createDeviceServices as `stationHub`: the hub in a process forked
 * with `fork` from the app's bundled hub entry. Electron's main gives `utilityProcess.fork`.
 */
export function stationHubInProcess({
  fork,
  appDir,
}: {
  fork: ForkHub;
  appDir: string;
}): (deps: StationHubDeps) => StationHubService {
  return (deps) => createHubProcess({ ...deps, fork, entryPath: hubEntryPath(appDir) });
}

/** A StationHubService whose hub runs in a supervised child process. */
export function createHubProcess(deps: HubProcessDeps): StationHubService {
  const log = deps.logger;
  const delays = deps.restartDelaysMs ?? RESTART_DELAYS_MS;
  const callTimeoutMs = deps.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const init: HubInit = {
    type: 'init',
    dataDir: deps.dataDir,
    port: deps.port ?? DEFAULT_HUB_PORT,
    host: deps.host ?? '0.0.0.0',
    packaged: deps.transport?.packaged ?? false,
    allowInsecureHttp: deps.transport?.allowInsecureHttp ?? false,
    ...deps.hubInit,
  };

  let child: Child | null = null;
  let info: StationHubInfo | null = null;
  /** The hub should be running: a crash while this is set brings it back. */
  let wanted = false;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let runningSince = 0;
  let nextId = 1;

  // One operation at a time, as in the in-process hub: two hubs on one PGlite folder would corrupt it.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const post = (proc: ForkedHub, message: ToHub) => {
    if (proc.postMessage) proc.postMessage(message);
    else proc.send?.(message);
  };

  async function answer(c: Child, request: Extract<FromHub, { type: 'request' }>): Promise<void> {
    try {
      const config =
        request.op === 'config:update'
          ? await deps.configStore.update(request.patch ?? {})
          : await deps.configStore.get();
      const view: HubConfigView = { isHub: config.isHub, hubUrl: config.hubUrl };
      post(c.proc, { type: 'reply', id: request.id, ok: true, config: view });
    } catch (error) {
      log.error('could not answer the station hub process', error);
      post(c.proc, {
        type: 'reply',
        id: request.id,
        ok: false,
        message: 'the device config could not be read or written',
      });
    }
  }

  function receive(c: Child, raw: unknown): void {
    const checked = checkFromHub(raw);
    if (!checked.ok) {
      // The hub runs LAN-facing server code: what it says is input like any other.
      log.warn('refused a message from the station hub process', { problem: checked.problem });
      return;
    }
    const message = checked.value;
    if (message.type === 'log') {
      log[message.level](`hub: ${message.message}`, message.detail);
    } else if (message.type === 'request') {
      void answer(c, message);
    } else {
      const pending = c.pending.get(message.id);
      if (!pending || (message.ok ? message.value === undefined : !message.error)) {
        log.warn('refused a message from the station hub process', { problem: `result ${message.id} answers no call` });
        return;
      }
      c.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.value ?? null);
      else pending.reject(fromWireError(message.error!));
    }
  }

  function spawn(): Child {
    const proc = deps.fork(deps.entryPath, [], { serviceName: 'Doorstep station hub' });
    let exited!: () => void;
    const c: Child = { proc, pending: new Map(), exited: new Promise((resolve) => (exited = resolve)) };
    proc.on('message', (message: unknown) => receive(c, message));
    proc.on('exit', (code: number | null) => {
      exited();
      for (const pending of c.pending.values()) {
        clearTimeout(pending.timer);
        pending.reject(new Error(`the station hub process ended (exit code ${code ?? 'none'})`));
      }
      c.pending.clear();
      // An exit we asked for (shutdown) has already let go of the child.
      if (child !== c) return;
      child = null;
      info = null;
      if (wanted) scheduleRestart(`the station hub process ended (exit code ${code ?? 'none'})`);
      else log.warn('the station hub process ended', { code });
    });
    post(proc, init);
    log.info('station hub process started', { pid: proc.pid });
    return c;
  }

  function invoke(method: HubMethod, code?: string): Promise<StationHubInfo | null> {
    const c = (child ??= spawn());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        c.pending.delete(id);
        reject(new Error(`the station hub process did not answer ${method} in ${callTimeoutMs} ms`));
        // A hub that hangs is as good as dead: end it (a wanted hub is restarted).
        c.proc.kill();
      }, callTimeoutMs);
      c.pending.set(id, { resolve, reject, timer });
      post(c.proc, { type: 'call', id, method, ...(code !== undefined && { code }) });
    });
  }

  /** Ends the child we asked to end; its exit starts no restart. */
  async function shutdown(): Promise<void> {
    const c = child;
    child = null;
    info = null;
    if (!c) return;
    c.proc.kill();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gone = await Promise.race([
      c.exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), EXIT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!gone) log.error('the station hub process did not end when asked', { pid: c.proc.pid });
  }

  function cancelRestart(): void {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = null;
  }

  function scheduleRestart(reason: string): void {
    if (restartTimer) return;
    if (runningSince && Date.now() - runningSince >= STABLE_RUN_MS) failures = 0;
    runningSince = 0;
    const delayMs = delays[Math.min(failures, delays.length - 1)]!;
    failures += 1;
    log.warn(`${reason}; restarting the station hub in ${delayMs} ms`, { attempt: failures });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      void serially(async () => {
        if (!wanted || child) return;
        await startWanted();
        if (info) log.info('station hub restarted', { url: info.url, attempt: failures });
      });
    }, delayMs);
  }

  /** Starts the hub the config asks for; a hub that should run but could not start is tried again later. */
  async function startWanted(): Promise<StationHubInfo | null> {
    try {
      info = await invoke('start');
    } catch (error) {
      log.error('the station hub process could not start the hub', error);
      info = null;
    }
    if (info) {
      runningSince = Date.now();
      return info;
    }
    // The device still works meanwhile: its sync falls back to the district.
    const config = await deps.configStore.get().catch(() => null);
    if (config?.isHub) {
      await shutdown();
      scheduleRestart('the station hub did not start');
    } else {
      wanted = false;
      await shutdown();
    }
    return null;
  }

  return {
    start: () =>
      serially(async () => {
        if (info) return info;
        const config = await deps.configStore.get();
        // A device that is not its station's hub runs no hub process at all.
        if (!config.isHub) return null;
        wanted = true;
        return startWanted();
      }),
    turnOn: (code) =>
      serially(async () => {
        try {
          const started = await invoke('turnOn', code);
          if (!started) throw new Error('the station hub process answered turnOn without its address');
          cancelRestart();
          wanted = true;
          failures = 0;
          runningSince = Date.now();
          info = started;
          return started;
        } catch (error) {
          // A refused code changes nothing: a running hub keeps running, an idle child is ended.
          if (!wanted) await shutdown();
          throw error;
        }
      }),
    turnOff: () =>
      serially(async () => {
        wanted = false;
        cancelRestart();
        // The hub process itself clears isHub and hubUrl, as the in-process hub does.
        await invoke('turnOff');
        await shutdown();
      }),
    running: () => info,
    stop: () =>
      serially(async () => {
        wanted = false;
        cancelRestart();
        if (!child) return;
        try {
          await invoke('stop');
        } catch (error) {
          log.warn('the station hub did not stop cleanly', error);
        }
        await shutdown();
      }),
  };
}
