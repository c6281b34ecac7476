/**
 * The station hub's uplink: the hub as the district's client (sync/README.md,
 * "Station hub"). It keeps the station's device list, pulls the station's
 * documents down and carries the devices' writes up with their origin, live while
 * the district answers and catching up after. One worker does the exchanges one at
 * a time; the district's live stream, the hub's own writes and timers only mark
 * what to do next. It talks with the device client's transport (deadlines, stream
 * reader, backoff, the district's Retry-After), so a half-dead uplink is given up
 * and tried again exactly as a device does.
 */
import { APP_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import { HUB_DEVICES_PATH, hubReplicationPath, type HubDeviceList, type HubPushRow } from '#protocol/hub.ts';
import {
  MULTIPLEX_STREAM_PATH,
  PUSH_REPORT_MEDIA_TYPE,
  REPLICATED_COLLECTIONS,
  isDeviceWritable,
  type MultiplexedStreamEvent,
  type PullResponse,
  type PushReport,
  type ReplicatedCollection,
} from '#protocol/wire-messages.ts';
import { sleep } from '#client/abortable-sleep.ts';
import { ANSWER_SILENCE_MS, answerStartMs, readBodyText, SilenceDeadline } from '#client/deadlines.ts';
import { errorCode, HttpError } from '#client/http-error.ts';
import { RetryAfterGate } from '#client/retry-after.ts';
import { EventStreamReader } from '#client/sse.ts';
import { backoffMs } from '#client/status.ts';
import type { WireDoc } from '#server/domain/documents.ts';
import type { Logger } from '#server/logger.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import type { HubStore } from './hub-store.ts';

export interface UplinkOptions {
  repo: DistrictRepository;
  store: HubStore;
  districtUrl: string;
  /** The hub's own credential, from its enrolment with a hub code. */
  credential: string;
  log: Logger;
  /** How often the device list is asked for while the uplink is up: the longest a revocation takes to reach the hub. */
  devicesEveryMs?: number;
  /** A full pull of every collection this often, besides the live stream (a missed event costs at most this). */
  pullEveryMs?: number;
  appVersion?: string;
  now?: () => number;
}

export interface UplinkState {
  districtConnected: boolean;
  /** The station's own documents waiting for the district (HubStore.waitingItems), as its screens count them. */
  waiting: number;
  lagMs: number;
  lastContactAt: number | null;
  lastError: string | null;
}

export interface Uplink {
  state(): Promise<UplinkState>;
  /** Resolves once the hub has nothing left to exchange with the district (tests and benches). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const PULL_BATCH = 500;
const PUSH_BATCH = 200;

export function startUplink(options: UplinkOptions): Uplink {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const base = options.districtUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.credential}`,
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    ...(options.appVersion ? { [APP_VERSION_HEADER]: options.appVersion } : {}),
  };
  const stopping = new AbortController();
  const retryAfter = new RetryAfterGate(now);
  const startedAt = now();
  let failures = 0;
  let streamOpen = false;
  let lastContactAt: number | null = null;
  let lastError: string | null = null;
  let inStepAt: number | null = null;

  // What the worker has to do next.
  let wantDevices = true;
  const wantPull = new Set<ReplicatedCollection>(REPLICATED_COLLECTIONS);
  let wantPush = true;
  let wake: (() => void) | null = null;
  const kick = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const markAll = () => {
    wantDevices = true;
    for (const c of REPLICATED_COLLECTIONS) wantPull.add(c);
    wantPush = true;
    kick();
  };
  const busy = () => wantDevices || wantPull.size > 0 || wantPush;

  async function call<T>(path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const deadline = new SilenceDeadline(stopping.signal, `uplink ${path}`);
    try {
      deadline.arm(answerStartMs(text ? new TextEncoder().encode(text).length : 0));
      const response = await fetch(`${base}${path}`, {
        method: text === undefined ? 'GET' : 'POST',
        headers: {
          ...headers,
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          accept: `${PUSH_REPORT_MEDIA_TYPE}, application/json`,
        },
        body: text,
        signal: deadline.signal,
      });
      retryAfter.note(response);
      const answer = await readBodyText(response, deadline, ANSWER_SILENCE_MS);
      if (!response.ok)
        throw new HttpError(response.status, errorCode(answer), `${response.status} ${answer.slice(0, 300)}`);
      lastContactAt = now();
      return JSON.parse(answer) as T;
    } finally {
      deadline.clear();
    }
  }

  async function refreshDevices(): Promise<void> {
    const list = await call<HubDeviceList>(HUB_DEVICES_PATH);
    const revoked = await store.applyDevices(list);
    for (const id of revoked) {
      options.repo.devices.forget(id);
      log.info({ deviceId: id }, 'hub: a device was revoked by the district; it is refused from now on');
    }
  }

  async function pullAll(name: ReplicatedCollection): Promise<void> {
    for (;;) {
      let checkpoint = await store.checkpoint(name);
      let page: PullResponse<Record<string, unknown>>;
      try {
        page = await call(hubReplicationPath(name, 'pull'), { checkpoint, limit: PULL_BATCH });
      } catch (error) {
        // The district's data is younger than the hub's position (restored): pull it all again.
        if (!(error instanceof HttpError && error.code === 'checkpoint_ahead')) throw error;
        checkpoint = null;
        page = await call(hubReplicationPath(name, 'pull'), { checkpoint, limit: PULL_BATCH });
      }
      await store.applyPulled(name, page.documents as WireDoc[], page.checkpoint ?? checkpoint);
      if (page.documents.length < PULL_BATCH) return;
    }
  }

  async function pushAll(): Promise<void> {
    for (;;) {
      const batch = await store.nextUpload(PUSH_BATCH);
      if (batch.length === 0) return;
      const name = batch[0]!.collection;
      const rows: HubPushRow<unknown>[] = batch.map((e) => ({
        ...(e.assumed ? { assumedMasterState: e.assumed } : {}),
        newDocumentState: e.next,
        origin: e.origin,
      }));
      const report = await call<PushReport<{ id: string }>>(hubReplicationPath(name, 'push'), rows);
      for (const refusal of report.refused) {
        const entry = batch.find((e) => e.docId === refusal.id);
        // Kept on record on the district (write_refusals, naming the origin device) and here in the log.
        log.warn({ collection: name, ...refusal, origin: entry?.origin }, 'hub: the district refused a write');
      }
      await store.settle(batch, { conflicts: report.conflicts as WireDoc[], refused: report.refused });
    }
  }

  const settledWaiters: (() => void)[] = [];
  // ── the worker ──
  const worker = (async () => {
    while (!stopping.signal.aborted) {
      if (!busy()) {
        // The listener goes with the wait: one left behind per idle spell would pile up over a day.
        await new Promise<void>((resolve) => {
          const done = () => {
            stopping.signal.removeEventListener('abort', done);
            resolve();
          };
          wake = done;
          stopping.signal.addEventListener('abort', done, { once: true });
        });
        continue;
      }
      await sleep(retryAfter.delay(backoffMs(failures)), stopping.signal);
      if (stopping.signal.aborted) break;
      try {
        if (wantDevices) {
          wantDevices = false;
          await refreshDevices();
        }
        for (const name of [...wantPull]) {
          wantPull.delete(name);
          await pullAll(name);
        }
        if (wantPush) {
          wantPush = false;
          await pushAll();
        }
        failures = 0;
        lastError = null;
        if (!busy() && streamOpen && (await store.waiting()) === 0) inStepAt = now();
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures++;
        lastError = error instanceof Error ? error.message : String(error);
        log.warn({ error: lastError }, 'hub: the district did not answer; trying again');
        // Whatever was under way is tried again from where the stored positions say.
        wantDevices = true;
        for (const c of REPLICATED_COLLECTIONS) wantPull.add(c);
        wantPush = true;
      }
      for (const w of settledWaiters.splice(0)) if (!busy() && failures === 0) w();
    }
  })();

  // ── the district's live stream: says which collection to pull ──
  const events = new EventStreamReader();
  const streamLoop = (async () => {
    let streamFailures = 0;
    while (!stopping.signal.aborted) {
      try {
        await events.read(`${base}${MULTIPLEX_STREAM_PATH}`, headers, stopping.signal, {
          onOpen: () => {
            streamOpen = true;
            streamFailures = 0;
            lastContactAt = now();
            markAll();
          },
          onData: (data) => {
            const event = JSON.parse(data) as MultiplexedStreamEvent;
            wantPull.add(event.collection);
            kick();
          },
        });
      } catch (error) {
        if (!stopping.signal.aborted) lastError = error instanceof Error ? error.message : String(error);
      }
      streamOpen = false;
      inStepAt = inStepAt === null ? null : Math.min(inStepAt, now());
      streamFailures++;
      await sleep(Math.max(500, backoffMs(streamFailures)), stopping.signal);
    }
  })();

  // ── the hub's own devices wrote something: carry it up ──
  const listening = options.repo.events.listen(
    (event) => {
      if (event.type === 'changed' && isDeviceWritable(event.collection)) {
        wantPush = true;
        kick();
      }
    },
    () => {
      wantPush = true;
      kick();
    },
  );
  const timers = [
    setInterval(() => {
      wantDevices = true;
      kick();
    }, options.devicesEveryMs ?? 5000),
    setInterval(() => {
      for (const c of REPLICATED_COLLECTIONS) wantPull.add(c);
      wantPush = true;
      kick();
    }, options.pullEveryMs ?? 30_000),
  ];

  return {
    async state() {
      const districtConnected = streamOpen && failures === 0 && lastContactAt !== null;
      const inStep = districtConnected && (await store.waiting()) === 0 && !busy();
      return {
        districtConnected,
        waiting: await store.waitingItems(),
        lagMs: inStep ? 0 : now() - (inStepAt ?? startedAt),
        lastContactAt,
        lastError,
      };
    },
    async settled() {
      for (;;) {
        if (!busy() && failures === 0 && streamOpen && (await store.waiting()) === 0) return;
        await new Promise<void>((resolve) => {
          settledWaiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    async stop() {
      stopping.abort();
      for (const t of timers) clearInterval(t);
      kick();
      await (
        await listening
      )();
      await Promise.allSettled([worker, streamLoop]);
    },
  };
}
