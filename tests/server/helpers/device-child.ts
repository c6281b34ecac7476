/** Starts and drives a device process (helpers/device-process.ts); restarting it keeps its data. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';

export interface DeviceState {
  tickets: TicketDoc[];
  waiting: number;
  /** Tickets still waiting to upload, and the replication's latest errors: for diagnosing a run. */
  waitingIds?: string[];
  errors?: string[];
}

export interface DeviceChild {
  readonly enrolment: EnrolResponse;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  state(): Promise<DeviceState>;
  /** Ends the process: 'exit' closes it cleanly, a signal kills it. */
  stop(how?: 'exit' | NodeJS.Signals): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./device-process.ts', import.meta.url));

export async function startDeviceChild(options: {
  dir: string;
  enrolment: EnrolResponse;
  clockOffsetMs?: number;
}): Promise<DeviceChild> {
  const proc: ChildProcess = fork(ENTRY, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: {
      ...process.env,
      DEVICE_DIR: options.dir,
      DEVICE_ENROLMENT: JSON.stringify(options.enrolment),
      DEVICE_CLOCK_OFFSET_MS: String(options.clockOffsetMs ?? 0),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    proc.once('error', reject);
    void exited.then(() => reject(new Error('device process exited before it was ready')));
    proc.on('message', (m: { ready?: boolean; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (m.ready) return resolve();
      const waiter = m.id === undefined ? undefined : pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id!);
      if (m.ok) waiter.resolve(m.value);
      else waiter.reject(new Error(m.error));
    });
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('device process exited'));
    pending.clear();
  });
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ id, cmd, ...args });
    });
  return {
    enrolment: options.enrolment,
    call,
    state: () => call<DeviceState>('state'),
    async stop(how = 'exit') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (how === 'exit') await call('exit').catch(() => undefined);
      else proc.kill(how);
      await exited;
    },
  };
}
