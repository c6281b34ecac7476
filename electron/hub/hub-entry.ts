/**
 * The station hub's own process: started by Electron's main with
 * `utilityProcess.fork` (or by Node's `child_process.fork` in tests and tools), it
 * runs `createStationHub` — the district server's code on the hub's PGlite — so the
 * hub's CPU and memory never stall the kiosk window. Bundled to
 * dist/electron/hub.cjs by scripts/build-electron.mjs.
 *
 * It obeys the messages of electron/services/hub-process-protocol.ts only: `init`
 * once, then calls. The device config stays main's (its store caches reads), so
 * config reads and writes are requests to main; the hub credential is a file in
 * the data folder this process alone writes.
 */
import { readFile } from 'node:fs/promises';
import type { DeviceConfig } from '#ipc/contract.ts';
import { createCredentialStore, HUB_CREDENTIAL_FILE_NAME } from '#services/credential-store.ts';
import {
  checkToHub,
  toWireError,
  type FromHub,
  type HubConfigView,
  type HubInit,
  type ToHub,
} from '#services/hub-process-protocol.ts';
import { createStationHub, type StationHubService } from '#services/station-hub.ts';
import { openParentChannel } from './parent-channel.ts';

const channel = openParentChannel();
const send = (message: FromHub) => channel.send(message);

const REQUEST_TIMEOUT_MS = 10_000;
let nextRequestId = 1;
const pendingRequests = new Map<number, (reply: Extract<ToHub, { type: 'reply' }>) => void>();

/** Asks main for a config read or write and waits for its answer. */
function requestConfig(op: 'config:get' | 'config:update', patch?: Partial<HubConfigView>): Promise<HubConfigView> {
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pendingRequests.delete(id);
      reject(new Error(`the app did not answer ${op}`));
    }, REQUEST_TIMEOUT_MS);
    pendingRequests.set(id, (reply) => {
      clearTimeout(timer);
      if (reply.ok && reply.config) resolve(reply.config);
      else reject(new Error(reply.message ?? `${op} failed`));
    });
    send({ type: 'request', id, op, ...(patch && { patch }) });
  });
}

const detailText = (detail: unknown): string | undefined => {
  if (detail === undefined) return undefined;
  const plain = detail instanceof Error ? { error: detail.message } : detail;
  try {
    return JSON.stringify(plain).slice(0, 8000);
  } catch {
    return String(plain).slice(0, 8000);
  }
};

const logger = {
  info: (message: string, detail?: unknown) => log('info', message, detail),
  warn: (message: string, detail?: unknown) => log('warn', message, detail),
  error: (message: string, detail?: unknown) => log('error', message, detail),
};
function log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void {
  const text = detailText(detail);
  send({ type: 'log', level, message: message.slice(0, 2000), ...(text !== undefined && { detail: text }) });
}

async function createHub(init: HubInit): Promise<StationHubService> {
  const template = init.pgliteTemplateFile ? new Blob([await readFile(init.pgliteTemplateFile)]) : undefined;
  return createStationHub({
    dataDir: init.dataDir,
    port: init.port,
    host: init.host,
    configStore: {
      // createStationHub reads and writes isHub and hubUrl only; the rest of the config is main's.
      get: async () => (await requestConfig('config:get')) as DeviceConfig,
      update: async ({ isHub, hubUrl }) =>
        (await requestConfig('config:update', {
          ...(isHub !== undefined && { isHub }),
          ...(hubUrl !== undefined && { hubUrl }),
        })) as DeviceConfig,
    },
    credentialStore: createCredentialStore({ dataDir: init.dataDir }),
    hubCredentialStore: createCredentialStore({ dataDir: init.dataDir, fileName: HUB_CREDENTIAL_FILE_NAME }),
    logger,
    transport: { packaged: init.packaged, allowInsecureHttp: init.allowInsecureHttp },
    hubOptions: {
      ...(template && { pgliteTemplate: template }),
      ...(init.streamHeartbeatMs !== undefined && { streamHeartbeatMs: init.streamHeartbeatMs }),
      ...(init.uplink && { uplink: init.uplink }),
    },
  });
}

let hub: Promise<StationHubService> | null = null;

async function call(message: Extract<ToHub, { type: 'call' }>): Promise<void> {
  try {
    if (!hub) throw new Error('the hub process got a call before init');
    const service = await hub;
    const value =
      message.method === 'start'
        ? await service.start()
        : message.method === 'turnOn'
          ? await service.turnOn(message.code ?? '')
          : message.method === 'running'
            ? service.running()
            : (await service[message.method](), null);
    send({ type: 'result', id: message.id, ok: true, value });
  } catch (error) {
    send({ type: 'result', id: message.id, ok: false, error: toWireError(error) });
  }
}

channel.onMessage((raw) => {
  const checked = checkToHub(raw);
  if (!checked.ok) {
    logger.warn('the station hub process refused a message from the app', { problem: checked.problem });
    return;
  }
  const message = checked.value;
  if (message.type === 'init') {
    if (hub) logger.warn('the station hub process refused a second init');
    else hub = createHub(message);
  } else if (message.type === 'reply') {
    pendingRequests.get(message.id)?.(message);
    pendingRequests.delete(message.id);
  } else {
    void call(message);
  }
});

// Main gone (its end of the channel closed): stop the hub cleanly rather than serve on as an orphan.
channel.onClose(() => {
  void (async () => {
    try {
      await (await hub)?.stop();
    } finally {
      process.exit(0);
    }
  })();
});
